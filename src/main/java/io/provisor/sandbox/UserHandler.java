package io.provisor.sandbox;

import de.captaingoldfish.scim.sdk.common.resources.User;
import java.util.List;

/** Users: {@code userName} is unique; the matching attributes Entra queries are indexed. */
final class UserHandler extends InMemoryHandler<User> {

    UserHandler() {
        super("userName", List.of("userName", "externalId", "emails.value"));
    }
}
