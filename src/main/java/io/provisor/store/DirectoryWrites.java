package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.Outcome;
import io.provisor.store.Rows.UserRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes of one transaction on the directory. Every change that alters data takes the next
 * change-feed number in the same transaction; a write that changes nothing takes none.
 */
public final class DirectoryWrites {

    private final Connection connection;
    private final ChangeFeed feed;
    private final Dialect dialect;

    DirectoryWrites(Connection connection, ChangeFeed feed, Dialect dialect) {
        this.connection = connection;
        this.feed = feed;
        this.dialect = dialect;
    }

    /** Writes of many objects at once, in this transaction: what an import uses. */
    public BulkWrites bulk() {
        return new BulkWrites(connection, feed, dialect);
    }

    /** A user's row; its document goes into directory_user_document under the user's key (V8). */
    public Outcome putUser(UserRow row) throws SQLException {
        Outcome outcome = put(Change.ObjectType.USER, row.id(), row.contentHash(), List.of("user_principal_name", "mail",
                "display_name", "employee_id"), Arrays.asList(row.userPrincipalName(), row.mail(), row.displayName(),
                row.employeeId()));
        if (outcome.changed()) {
            try (PreparedStatement statement = connection.prepareStatement(outcome.result() == Outcome.Result.CREATED
                    ? "INSERT INTO directory_user_document (document, user_key) VALUES (?, ?)"
                    : "UPDATE directory_user_document SET document = ? WHERE user_key = (SELECT user_key FROM directory_user WHERE id = ?)")) {
                statement.setString(1, row.document());
                if (outcome.result() == Outcome.Result.CREATED) {
                    statement.setLong(2, outcome.seq()); // put gave the new row this key
                } else {
                    statement.setString(2, row.id());
                }
                statement.executeUpdate();
            }
        }
        return outcome;
    }

    public Outcome putGroup(GroupRow row) throws SQLException {
        return put(Change.ObjectType.GROUP, row.id(), row.contentHash(), List.of("display_name", "mail", "mail_nickname",
                "security_enabled", "document"), Arrays.asList(row.displayName(), row.mail(), row.mailNickname(),
                row.securityEnabled(), row.document()));
    }

    /** Inserts or updates a user or group unless its content hash is unchanged; a change is recorded either way it writes. */
    private Outcome put(Change.ObjectType type, String id, String hash, List<String> columns, List<Object> values)
            throws SQLException {
        String table = table(type);
        String current = lockedHash(table, id);
        if (current != null && current.equals(hash)) {
            return new Outcome(Outcome.Result.UNCHANGED, 0);
        }
        long seq = feed.append(type, id, current == null ? Change.Type.CREATE : Change.Type.UPDATE, null, null);
        List<String> all = new ArrayList<>(columns);
        all.addAll(List.of("content_hash", "last_change"));
        // a new user's key is the number of the change that created it, its last change so far
        boolean keyed = current == null && type == Change.ObjectType.USER;
        if (keyed) {
            all.add("user_key");
        }
        String sql = current == null
                ? "INSERT INTO " + table + " (" + String.join(", ", all) + ", id) VALUES (" + "?, ".repeat(all.size()) + "?)"
                : "UPDATE " + table + " SET " + String.join(" = ?, ", all) + " = ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object value : values) {
                statement.setObject(index++, value);
            }
            statement.setString(index++, hash);
            statement.setLong(index++, seq);
            if (keyed) {
                statement.setLong(index++, seq);
            }
            statement.setString(index, id);
            statement.executeUpdate();
        }
        return new Outcome(current == null ? Outcome.Result.CREATED : Outcome.Result.UPDATED, seq);
    }

    /** Marks a user or group deleted (restorable); {@code table} is the object's kind. */
    public Outcome softDelete(Change.ObjectType type, String id, Instant at) throws SQLException {
        return setDeleted(type, id, at);
    }

    public Outcome restore(Change.ObjectType type, String id) throws SQLException {
        return setDeleted(type, id, null);
    }

    private Outcome setDeleted(Change.ObjectType type, String id, Instant at) throws SQLException {
        String table = table(type);
        Boolean deleted = lockedDeleted(table, id);
        if (deleted == null) {
            return new Outcome(Outcome.Result.NOT_FOUND, 0);
        }
        if (deleted == (at != null)) {
            return new Outcome(Outcome.Result.UNCHANGED, 0);
        }
        long seq = feed.append(type, id, at != null ? Change.Type.SOFT_DELETE : Change.Type.RESTORE, null, null);
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + table + " SET deleted_at = ?, last_change = ? WHERE id = ?")) {
            statement.setTimestamp(1, at == null ? null : Timestamp.from(at));
            statement.setLong(2, seq);
            statement.setString(3, id);
            statement.executeUpdate();
        }
        return new Outcome(Outcome.Result.DONE, seq);
    }

    /** Deletes for good, with its memberships (both ways) and assignments, each a change of its own. */
    public Outcome hardDelete(Change.ObjectType type, String id) throws SQLException {
        String table = table(type);
        if (lockedDeleted(table, id) == null) {
            return new Outcome(Outcome.Result.NOT_FOUND, 0);
        }
        for (String group : groupsContaining(id)) {
            removeMember(group, id);
        }
        if (type == Change.ObjectType.GROUP) {
            for (Member member : members(id)) {
                removeMember(id, member.id());
            }
        }
        for (AssignmentRow assignment : assignmentsOf(id)) {
            removeAssignment(assignment.app(), assignment.principalId(), assignment.appRoleId());
        }
        long seq = feed.append(type, id, Change.Type.HARD_DELETE, null, null);
        if (type == Change.ObjectType.USER) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM directory_user_document WHERE user_key = (SELECT user_key FROM directory_user WHERE id = ?)")) {
                statement.setString(1, id);
                statement.executeUpdate();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
        return new Outcome(Outcome.Result.DONE, seq);
    }

    /** Makes a group's direct members exactly {@code wanted}; returns the changes it took. */
    public List<Long> setMembers(String groupId, List<Member> wanted) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        Set<String> current = new LinkedHashSet<>();
        members(groupId).forEach(m -> current.add(m.id()));
        Set<String> wantedIds = new LinkedHashSet<>();
        for (Member member : wanted) {
            wantedIds.add(member.id());
            if (!current.contains(member.id())) {
                seqs.add(addMember(groupId, member));
            }
        }
        for (String id : current) {
            if (!wantedIds.contains(id)) {
                seqs.add(removeMember(groupId, id));
            }
        }
        return seqs;
    }

    public long addMember(String groupId, Member member) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO group_member (group_id, member_id, member_type) VALUES (?, ?, ?)")) {
            statement.setString(1, groupId);
            statement.setString(2, member.id());
            statement.setString(3, member.type());
            statement.executeUpdate();
        }
        return feed.append(Change.ObjectType.GROUP, groupId, Change.Type.MEMBER_ADD, null, member.id());
    }

    public long removeMember(String groupId, String memberId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM group_member WHERE group_id = ? AND member_id = ?")) {
            statement.setString(1, groupId);
            statement.setString(2, memberId);
            if (statement.executeUpdate() == 0) {
                return 0;
            }
        }
        return feed.append(Change.ObjectType.GROUP, groupId, Change.Type.MEMBER_REMOVE, null, memberId);
    }

    public Outcome addAssignment(AssignmentRow row) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT principal_type FROM app_role_assignment WHERE app = ? AND principal_id = ? AND app_role_id = ? FOR UPDATE")) {
            exists.setString(1, row.app());
            exists.setString(2, row.principalId());
            exists.setString(3, row.appRoleId());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return new Outcome(Outcome.Result.UNCHANGED, 0);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO app_role_assignment (app, principal_id, principal_type, app_role_id, assignment_id) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, row.app());
            insert.setString(2, row.principalId());
            insert.setString(3, row.principalType());
            insert.setString(4, row.appRoleId());
            insert.setString(5, row.assignmentId());
            insert.executeUpdate();
        }
        long seq = feed.append(Change.ObjectType.ASSIGNMENT, row.principalId(), Change.Type.ASSIGNMENT_ADD,
                row.app(), row.appRoleId());
        return new Outcome(Outcome.Result.CREATED, seq);
    }

    public Outcome removeAssignment(String app, String principalId, String appRoleId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM app_role_assignment WHERE app = ? AND principal_id = ? AND app_role_id = ?")) {
            delete.setString(1, app);
            delete.setString(2, principalId);
            delete.setString(3, appRoleId);
            if (delete.executeUpdate() == 0) {
                return new Outcome(Outcome.Result.NOT_FOUND, 0);
            }
        }
        long seq = feed.append(Change.ObjectType.ASSIGNMENT, principalId, Change.Type.ASSIGNMENT_REMOVE,
                app, appRoleId);
        return new Outcome(Outcome.Result.DONE, seq);
    }

    /** True when a user or group with this id exists (deleted or not). */
    public String kindOf(String id) throws SQLException {
        return DirectoryQueries.kindOf(connection, id);
    }

    List<Member> members(String groupId) throws SQLException {
        return DirectoryQueries.members(connection, groupId);
    }

    List<String> groupsContaining(String memberId) throws SQLException {
        return DirectoryQueries.groupsContaining(connection, List.of(memberId));
    }

    private List<AssignmentRow> assignmentsOf(String principalId) throws SQLException {
        return DirectoryQueries.assignments(connection, null, List.of(principalId));
    }

    private String lockedHash(String table, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT content_hash FROM " + table + " WHERE id = ? FOR UPDATE")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Null when absent, else whether it is soft-deleted; locks the row. */
    private Boolean lockedDeleted(String table, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT deleted_at FROM " + table + " WHERE id = ? FOR UPDATE")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1) != null : null;
            }
        }
    }

    private static String table(Change.ObjectType type) {
        return switch (type) {
            case USER -> "directory_user";
            case GROUP -> "directory_group";
            case ASSIGNMENT -> throw new IllegalArgumentException("assignments are not deleted this way");
        };
    }
}
