package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes of many directory objects in one transaction, for imports. The rows a batch touches are read
 * with one query per kind ({@code id = ANY(?)}, an index lookup on both databases); new rows go out
 * through a {@link RowAppender} (COPY on PostgreSQL), updates and deletes as statement batches. Changes
 * take feed numbers in list order, one by one as the single-object writes of {@link DirectoryWrites}
 * would; an object listed twice is written once, in its last state.
 */
public final class BulkWrites {

    /** A group and exactly the direct members it should have. */
    public record GroupWithMembers(GroupRow row, List<Member> members) {
    }

    /** A member to add to a group. */
    public record Membership(String groupId, Member member) {
    }

    /** The user's key last: a new row takes its write's change number, an existing one keeps its own (V8). */
    private static final String USER_COLUMNS = "user_principal_name, mail, display_name, employee_id, content_hash,"
            + " deleted_at, last_change, user_key";
    private static final String GROUP_COLUMNS = "display_name, mail, mail_nickname, security_enabled, document, content_hash,"
            + " last_change";

    /** What a row holds now; {@code key} is a user's key (V8), 0 for a group. */
    private record Stored(String hash, Timestamp deletedAt, long key) {
    }

    private record Write<R>(R row, Timestamp deletedAt, long seq) {
    }

    @FunctionalInterface
    private interface Values<R> {
        Object[] of(Write<R> write);
    }

    private final Connection connection;
    private final ChangeFeed feed;
    private final Dialect dialect;
    private final BulkMemberships memberships;

    BulkWrites(Connection connection, ChangeFeed feed, Dialect dialect) {
        this.connection = connection;
        this.feed = feed;
        this.dialect = dialect;
        this.memberships = new BulkMemberships(connection, feed, dialect);
    }

    /**
     * The number of the last change committed before this transaction locked the change counter: a
     * writer that finds it where its own previous transaction left it knows nobody else changed the
     * directory in between.
     */
    public long watermarkAtStart() {
        return feed.lockedAt();
    }

    /**
     * Makes each user as its row says, soft deletion included: {@code deletedAt} set means soft-deleted
     * (a user already deleted keeps its first deletion time), null means not deleted. Returns the
     * number of changes taken.
     */
    public long putUsers(List<UserRow> rows) throws SQLException {
        return putUsers(rows, Set.of());
    }

    /** {@link #putUsers(List)}, where the caller knows that the {@code absent} ids name no row: they are not looked up. */
    public long putUsers(List<UserRow> rows, Set<String> absent) throws SQLException {
        long before = feed.taken();
        Map<String, Stored> state = stored("directory_user", "user_key",
                rows.stream().map(UserRow::id).filter(id -> !absent.contains(id)).toList());
        Set<String> existed = new HashSet<>(state.keySet());
        Map<String, Write<UserRow>> writes = new LinkedHashMap<>();
        for (UserRow row : rows) {
            Stored was = state.get(row.id());
            long seq = 0;
            if (was == null || !was.hash().equals(row.contentHash())) {
                seq = feed.append(Change.ObjectType.USER, row.id(), was == null ? Change.Type.CREATE : Change.Type.UPDATE, null, null);
            }
            Timestamp deletedAt = was == null ? null : was.deletedAt();
            if ((row.deletedAt() != null) != (deletedAt != null)) {
                deletedAt = row.deletedAt() == null ? null : Timestamp.from(row.deletedAt());
                seq = feed.append(Change.ObjectType.USER, row.id(), deletedAt != null ? Change.Type.SOFT_DELETE : Change.Type.RESTORE,
                        null, null);
            }
            if (seq > 0) {
                long key = existed.contains(row.id()) ? was.key() : seq;
                state.put(row.id(), new Stored(row.contentHash(), deletedAt, key));
                writes.put(row.id(), new Write<>(row, deletedAt, seq));
            }
        }
        write("directory_user", USER_COLUMNS, writes, existed, write -> {
            UserRow row = write.row();
            return new Object[] {row.userPrincipalName(), row.mail(), row.displayName(), row.employeeId(), row.contentHash(),
                    write.deletedAt(), write.seq(), state.get(row.id()).key(), row.id()};
        });
        writeDocuments(writes, existed, state);
        return feed.taken() - before;
    }

    /**
     * Makes each group's row and direct members as given (members added in list order, then those no
     * longer listed removed). Soft deletion of groups is left as it is. Returns the changes taken.
     */
    public long putGroups(List<GroupWithMembers> groups) throws SQLException {
        return putGroups(groups, Set.of());
    }

    /** {@link #putGroups(List)}, where the caller knows that the {@code absent} ids name no group: not looked up. */
    public long putGroups(List<GroupWithMembers> groups, Set<String> absent) throws SQLException {
        long before = feed.taken();
        List<String> ids = groups.stream().map(g -> g.row().id()).filter(id -> !absent.contains(id)).toList();
        Map<String, Stored> state = stored("directory_group", "0", ids);
        Set<String> existed = new HashSet<>(state.keySet());
        Map<String, Set<String>> members = memberships.current(ids);
        Map<BulkMemberships.Pair, Member> net = new LinkedHashMap<>();
        Map<String, Write<GroupRow>> writes = new LinkedHashMap<>();
        for (GroupWithMembers group : groups) {
            GroupRow row = group.row();
            Stored was = state.get(row.id());
            if (was == null || !was.hash().equals(row.contentHash())) {
                long seq = feed.append(Change.ObjectType.GROUP, row.id(), was == null ? Change.Type.CREATE : Change.Type.UPDATE,
                        null, null);
                state.put(row.id(), new Stored(row.contentHash(), null, 0));
                writes.put(row.id(), new Write<>(row, null, seq));
            }
            Set<String> current = members.computeIfAbsent(row.id(), id -> new LinkedHashSet<>());
            Set<String> wanted = new LinkedHashSet<>();
            for (Member member : group.members()) {
                if (wanted.add(member.id()) && !current.contains(member.id())) {
                    feed.append(Change.ObjectType.GROUP, row.id(), Change.Type.MEMBER_ADD, null, member.id());
                    BulkMemberships.change(net, new BulkMemberships.Pair(row.id(), member.id()), member);
                }
            }
            for (String id : current) {
                if (!wanted.contains(id)) {
                    feed.append(Change.ObjectType.GROUP, row.id(), Change.Type.MEMBER_REMOVE, null, id);
                    BulkMemberships.change(net, new BulkMemberships.Pair(row.id(), id), null);
                }
            }
            members.put(row.id(), wanted);
        }
        write("directory_group", GROUP_COLUMNS, writes, existed, write -> {
            GroupRow row = write.row();
            return new Object[] {row.displayName(), row.mail(), row.mailNickname(), row.securityEnabled(), row.document(),
                    row.contentHash(), write.seq(), row.id()};
        });
        memberships.write(net);
        return feed.taken() - before;
    }

    /** Adds members to groups unless they are members already. Returns the changes taken. */
    public long addMembers(List<Membership> added) throws SQLException {
        return memberships.add(added);
    }

    /** Adds the assignments that do not exist yet. Returns the changes taken. */
    public long addAssignments(List<AssignmentRow> rows) throws SQLException {
        return addAssignments(rows, Set.of());
    }

    /** {@link #addAssignments(List)}, where the caller knows that the {@code unassigned} principals have none: not looked up. */
    public long addAssignments(List<AssignmentRow> rows, Set<String> unassigned) throws SQLException {
        long before = feed.taken();
        Set<List<String>> existing = new HashSet<>();
        List<String> principals = rows.stream().map(AssignmentRow::principalId).distinct().filter(id -> !unassigned.contains(id)).toList();
        for (List<String> chunk : IdArrays.chunks(principals)) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT app, principal_id, app_role_id FROM app_role_assignment WHERE principal_id = ANY(?)")) {
                query.setArray(1, IdArrays.array(connection, chunk));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        existing.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        try (RowAppender insert = dialect.appender(connection, "app_role_assignment",
                List.of("app", "principal_id", "principal_type", "app_role_id", "assignment_id"))) {
            for (AssignmentRow row : rows) {
                if (existing.add(List.of(row.app(), row.principalId(), row.appRoleId()))) {
                    insert.add(row.app(), row.principalId(), row.principalType(), row.appRoleId(), row.assignmentId());
                    feed.append(Change.ObjectType.ASSIGNMENT, row.principalId(), Change.Type.ASSIGNMENT_ADD, row.app(), row.appRoleId());
                }
            }
            insert.flush();
        }
        return feed.taken() - before;
    }

    /** The kind ("user" or "group") of each of the ids that names an object; ids that name none are left out. */
    public Map<String, String> kindsOf(Collection<String> ids) throws SQLException {
        Map<String, String> kinds = new HashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        for (String[] table : new String[][] {{"directory_user", Member.USER}, {"directory_group", Member.GROUP}}) {
            for (List<String> chunk : IdArrays.chunks(distinct.stream().filter(id -> !kinds.containsKey(id)).toList())) {
                try (PreparedStatement query = connection.prepareStatement("SELECT id FROM " + table[0] + " WHERE id = ANY(?)")) {
                    query.setArray(1, IdArrays.array(connection, chunk));
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            kinds.put(rs.getString(1), table[1]);
                        }
                    }
                }
            }
        }
        return kinds;
    }

    /** The rows with these ids; {@code key} is the column (or constant) read as {@link Stored#key}. */
    private Map<String, Stored> stored(String table, String key, List<String> ids) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        for (List<String> chunk : IdArrays.chunks(ids.stream().distinct().toList())) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, content_hash, deleted_at, " + key + " FROM " + table + " WHERE id = ANY(?)")) {
                query.setArray(1, IdArrays.array(connection, chunk));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getTimestamp(3), rs.getLong(4)));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * Inserts the new rows (through the dialect's appender) and updates the existing ones; {@code values}
     * gives a write's column values in the order of {@code columns}, then its id.
     */
    private <R> void write(String table, String columns, Map<String, Write<R>> writes, Set<String> existed, Values<R> values)
            throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(Arrays.asList(columns.split(", ")));
        names.add("id");
        try (RowAppender insert = dialect.appender(connection, table, names);
             PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET "
                     + columns.replace(",", " = ?,") + " = ? WHERE id = ?")) {
            int updates = 0;
            for (Map.Entry<String, Write<R>> write : writes.entrySet()) {
                Object[] row = values.of(write.getValue());
                if (existed.contains(write.getKey())) {
                    for (int i = 0; i < row.length; i++) {
                        update.setObject(i + 1, row[i]);
                    }
                    update.addBatch();
                    updates++;
                } else {
                    insert.add(row);
                }
            }
            insert.flush();
            if (updates > 0) {
                update.executeBatch();
            }
        }
    }

    /**
     * The users' documents, under each user's key: appended for new users, whose keys grow with their change
     * numbers, replaced for existing ones.
     */
    private void writeDocuments(Map<String, Write<UserRow>> writes, Set<String> existed, Map<String, Stored> state) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        try (RowAppender insert = dialect.appender(connection, "directory_user_document", List.of("user_key", "document"));
             PreparedStatement update = connection.prepareStatement("UPDATE directory_user_document SET document = ? WHERE user_key = ?")) {
            int updates = 0;
            for (Map.Entry<String, Write<UserRow>> write : writes.entrySet()) {
                long key = state.get(write.getKey()).key();
                if (existed.contains(write.getKey())) {
                    update.setString(1, write.getValue().row().document());
                    update.setLong(2, key);
                    update.addBatch();
                    updates++;
                } else {
                    insert.add(key, write.getValue().row().document());
                }
            }
            insert.flush();
            if (updates > 0) {
                update.executeBatch();
            }
        }
    }
}
