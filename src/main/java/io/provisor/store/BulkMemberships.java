package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.BulkWrites.Membership;
import io.provisor.store.Rows.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The group memberships of {@link BulkWrites}: a batch's current members read per group, its adds and
 * removes netted per pair, and written as one delete batch and one append in key order.
 */
final class BulkMemberships {

    /** A membership; ordered as the membership key is (group, member), compared directly rather than through key extractors. */
    record Pair(String groupId, String memberId) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int byGroup = groupId.compareTo(other.groupId);
            return byGroup != 0 ? byGroup : memberId.compareTo(other.memberId);
        }
    }

    private final Connection connection;
    private final ChangeFeed feed;
    private final Dialect dialect;

    BulkMemberships(Connection connection, ChangeFeed feed, Dialect dialect) {
        this.connection = connection;
        this.feed = feed;
        this.dialect = dialect;
    }

    /** Adds members to groups unless they are members already. Returns the changes taken. */
    long add(List<Membership> memberships) throws SQLException {
        long before = feed.taken();
        Set<Pair> existing = new HashSet<>();
        List<String> groups = memberships.stream().map(Membership::groupId).distinct().toList();
        List<String> memberIds = memberships.stream().map(m -> m.member().id()).distinct().toList();
        for (List<String> chunk : IdArrays.chunks(memberIds)) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT group_id, member_id FROM group_member WHERE group_id = ANY(?) AND member_id = ANY(?)")) {
                query.setArray(1, IdArrays.array(connection, groups));
                query.setArray(2, IdArrays.array(connection, chunk));
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
        write(net);
        return feed.taken() - before;
    }

    /** Current direct members of the groups, by group, each in member id order. */
    Map<String, Set<String>> current(List<String> groupIds) throws SQLException {
        Map<String, Set<String>> members = new HashMap<>();
        for (List<String> chunk : IdArrays.chunks(groupIds.stream().distinct().toList())) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT group_id, member_id FROM group_member WHERE group_id = ANY(?) ORDER BY group_id, member_id")) {
                query.setArray(1, IdArrays.array(connection, chunk));
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
    static void change(Map<Pair, Member> net, Pair pair, Member added) {
        if (net.containsKey(pair)) {
            net.remove(pair);
        } else {
            net.put(pair, added);
        }
    }

    void write(Map<Pair, Member> net) throws SQLException {
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
}
