package io.provisor.connector;

import io.provisor.model.AttributeChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target app as provisioning sees it: find, read, create, change and delete accounts and groups.
 * Resources are the target's own JSON as nested maps and always carry their {@code id}; attributes to
 * write are keyed by target attribute path ({@code name.givenName}, {@code emails[type eq "work"].value}).
 *
 * <p>Every failure is a {@link ConnectorException} carrying a {@link TargetError}: the Entra code, whether a
 * later attempt may succeed, and what an admin should do. A connector never retries on its own; the cycle
 * decides when to try again, so that throttling and backoff show in the provisioning logs.
 */
public interface Connector extends AutoCloseable {

    /** Checks that the endpoint answers and the credentials work, the way Entra's Test Connection does. */
    void testConnection();

    /** The object with this target id, or empty when the target says it does not exist. */
    Optional<Map<String, Object>> get(ObjectKind kind, String id);

    /** The objects whose attribute at {@code targetPath} equals {@code value} (a matching query). */
    List<Map<String, Object>> find(ObjectKind kind, String targetPath, String value);

    /** Creates an object (groups without members) and returns it as the target stored it, with its id. */
    Map<String, Object> create(ObjectKind kind, Map<String, Object> attributes);

    /** Changes only the given attributes; a disable is a change of {@code active} to false. */
    void update(ObjectKind kind, String id, List<AttributeChange> changes);

    void delete(ObjectKind kind, String id);

    /** Adds members (target ids) to a group, in as few requests as the target allows. */
    void addMembers(String groupId, List<String> memberIds);

    void removeMembers(String groupId, List<String> memberIds);

    @Override
    void close();
}
