package io.provisor.sandbox;

import de.captaingoldfish.scim.sdk.common.resources.Group;
import java.util.List;

/** Groups: {@code displayName} is unique and indexed, as is {@code externalId}. */
final class GroupHandler extends InMemoryHandler<Group> {

    GroupHandler() {
        super("displayName", List.of("displayName", "externalId"));
    }
}
