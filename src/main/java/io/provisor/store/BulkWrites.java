package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.sql.Array;
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

    /** Ids per {@code = ANY(?)} read: keeps each array parameter small. */
    private static final int CHUNK = 1000;

    /** The user's key last: a new row takes its write's change number, an existing one keeps its own (V8). */
    private static final String USER_COLUMNS = "user_principal_name, mail, display_name, employee_id, content_hash,"
            + " deleted_at, last_change, user_key";
    private static final String GROUP_COLUMNS = "display_name, mail, mail_nickname, security_enabled, document, content_hash,"
            + " last_change";

    /** What a row holds now; {@code key} is a user's key (V8), 0 for a group. */
    private record Stored(String hash, Timestamp deletedAt, long key) {
    }

    /** A membership; ordered as the membership key is (group, member), compared directly rather than through key extractors. */
    private record Pair(String groupId, String memberId) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int byGroup = groupId.compareTo(other.groupId);
            return byGroup != 0 ? byGroup : memberId.compareTo(other.memberId);
        }
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

    BulkWrites(Connection connection, ChangeFeed feed, Dialect dialect) {
        this.connection = connection;
        this.feed = feed;
        this.dialect = dialect;
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
        Map<String, Set<String>> members = members(ids);
        Map<Pair, Member> net = new LinkedHashMap<>();
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
                    change(net, new Pair(row.id(), member.id()), member);
                }
            }
            for (String id : current) {
                if (!wanted.contains(id)) {
                    feed.append(Change.ObjectType.GROUP, row.id(), Change.Type.MEMBER_REMOVE, null, id);
                    change(net, new Pair(row.id(), id), null);
                }
            }
            members.put(row.id(), wanted);
        }
        write("directory_group", GROUP_COLUMNS, writes, existed, write -> {
            GroupRow row = write.row();
            return new Object[] {row.displayName(), row.mail(), row.mailNickname(), row.securityEnabled(), row.document(),
                    row.contentHash(), write.seq(), row.id()};
        });
        writeMemberships(net);
        return feed.taken() - before;
    }

    /** Adds members to groups unless they are members already. Returns the changes taken. */
    public long addMembers(List<Membership> memberships) throws SQLException {
        long before = feed.taken();
        Set<Pair> existing = new HashSet<>();
        List<String> groups = memberships.stream().map(Membership::groupId).distinct().toList();
        List<String> memberIds = memberships.stream().map(m -> m.member().id()).distinct().toList();
        for (List<String> chunk : chunks(memberIds)) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT group_id, member_id FROM group_member WHERE group_id = ANY(?) AND member_id = ANY(?)")) {
                query.setArray(1, array(groups));
                query.setArray(2, array(chunk));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        existing.add(new Pair(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        Map<Pair, Member> net = new LinkedHashMap<>();
        for (Membership membership : memberships) {
            Pair pair = new Pair(membership.groupId(), membership.member().id());
            if (existing.add(pair)) {
                feed.append(Change.ObjectType.GROUP, membership.groupId(), Change.Type.MEMBER_ADD, null, pair.memberId());
                net.put(pair, membership.member());
            }
        }
        writeMemberships(net);
        return feed.taken() - before;
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
        for (List<String> chunk : chunks(principals)) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT app, principal_id, app_role_id FROM app_role_assignment WHERE principal_id = ANY(?)")) {
                query.setArray(1, array(chunk));
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
            for (List<String> chunk : chunks(distinct.stream().filter(id -> !kinds.containsKey(id)).toList())) {
                try (PreparedStatement query = connection.prepareStatement("SELECT id FROM " + table[0] + " WHERE id = ANY(?)")) {
                    query.setArray(1, array(chunk));
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
        for (List<String> chunk : chunks(ids.stream().distinct().toList())) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, content_hash, deleted_at, " + key + " FROM " + table + " WHERE id = ANY(?)")) {
                query.setArray(1, array(chunk));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getTimestamp(3), rs.getLong(4)));
                    }
                }
            }
        }
        return stored;
    }

    /** Current direct members of the groups, by group, each in member id order. */
    private Map<String, Set<String>> members(List<String> groupIds) throws SQLException {
        Map<String, Set<String>> members = new HashMap<>();
        for (List<String> chunk : chunks(groupIds.stream().distinct().toList())) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT group_id, member_id FROM group_member WHERE group_id = ANY(?) ORDER BY group_id, member_id")) {
                query.setArray(1, array(chunk));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        members.computeIfAbsent(rs.getString(1), id -> new LinkedHashSet<>()).add(rs.getString(2));
                    }
                }
            }
        }
        return members;
    }

    /**
     * Records an add (a member) or a remove (null). Adds and removes of one pair alternate, so a
     * second one undoes the first and neither reaches the database.
     */
    private static void change(Map<Pair, Member> net, Pair pair, Member added) {
        if (net.containsKey(pair)) {
            net.remove(pair);
        } else {
            net.put(pair, added);
        }
    }

    private void writeMemberships(Map<Pair, Member> net) throws SQLException {
        if (net.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM group_member WHERE group_id = ? AND member_id = ?")) {
            int deletes = 0;
            for (Map.Entry<Pair, Member> change : net.entrySet()) {
                if (change.getValue() == null) {
                    delete.setString(1, change.getKey().groupId());
                    delete.setString(2, change.getKey().memberId());
                    delete.addBatch();
                    deletes++;
                }
            }
            if (deletes > 0) {
                delete.executeBatch();
            }
        }
        List<Map.Entry<Pair, Member>> adds = new ArrayList<>(net.size());
        for (Map.Entry<Pair, Member> change : net.entrySet()) {
            if (change.getValue() != null) {
                adds.add(change);
            }
        }
        // in key order: H2 then fills each group's range of the membership key page after page, where members in
        // file order dirtied pages all over the range and H2 wrote each of them again at every store of its file
        adds.sort(Map.Entry.comparingByKey());
        try (RowAppender insert = dialect.appender(connection, "group_member", List.of("group_id", "member_id", "member_type"))) {
            for (Map.Entry<Pair, Member> add : adds) {
                insert.add(add.getKey().groupId(), add.getKey().memberId(), add.getValue().type());
            }
            insert.flush();
        }
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

    private Array array(List<String> values) throws SQLException {
        return connection.createArrayOf("VARCHAR", values.toArray());
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + CHUNK)));
        }
        return chunks;
    }
}
