package io.provisor.store;

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
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The directory's reads, shared by read-only requests and by writes inside their transaction. */
final class DirectoryQueries {

    /** A user's row with its document, which is kept apart (V8); ends with the start of a condition on {@code u}. */
    private static final String USER_SELECT = "SELECT u.id, u.user_principal_name, u.mail, u.display_name, u.employee_id,"
            + " u.deleted_at, d.document, u.content_hash FROM directory_user u"
            + " JOIN directory_user_document d ON d.user_key = u.user_key WHERE ";

    private DirectoryQueries() {
    }

    static Optional<UserRow> user(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                USER_SELECT + "u.id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), rs.getString(7), rs.getString(8))) : Optional.empty();
            }
        }
    }

    /** The users with these ids, in no particular order; ids without a user are left out. */
    static List<UserRow> users(Connection connection, Collection<String> ids) throws SQLException {
        List<UserRow> users = new ArrayList<>();
        if (ids.isEmpty()) {
            return users;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                USER_SELECT + "u.id = ANY(?)")) {
            statement.setArray(1, array(connection, ids));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    users.add(new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs.getTimestamp(6)), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return users;
    }

    static List<GroupRow> groups(Connection connection, Collection<String> ids) throws SQLException {
        List<GroupRow> groups = new ArrayList<>();
        if (ids.isEmpty()) {
            return groups;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, display_name, mail, mail_nickname, security_enabled, deleted_at, document, content_hash FROM directory_group WHERE id = ANY(?)")) {
            statement.setArray(1, array(connection, ids));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    groups.add(new GroupRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                            instant(rs.getTimestamp(6)), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return groups;
    }

    static List<Member> members(Connection connection, String groupId) throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT member_id, member_type FROM group_member WHERE group_id = ? ORDER BY member_id")) {
            statement.setString(1, groupId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    members.add(new Member(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return members;
    }

    static List<String> groupsContaining(Connection connection, Collection<String> memberIds) throws SQLException {
        List<String> groups = new ArrayList<>();
        if (memberIds.isEmpty()) {
            return groups;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT DISTINCT group_id FROM group_member WHERE member_id = ANY(?)")) {
            statement.setArray(1, array(connection, memberIds));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    groups.add(rs.getString(1));
                }
            }
        }
        return groups;
    }

    /** Every membership of the given members: [group id, member id] pairs, in no particular order. */
    static List<String[]> membershipsOf(Connection connection, Collection<String> memberIds) throws SQLException {
        List<String[]> pairs = new ArrayList<>();
        if (memberIds.isEmpty()) {
            return pairs;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT group_id, member_id FROM group_member WHERE member_id = ANY(?)")) {
            statement.setArray(1, array(connection, memberIds));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    pairs.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return pairs;
    }

    /** Assignments of the principals, for one app or (app null) every app. */
    static List<AssignmentRow> assignments(Connection connection, String app, Collection<String> principalIds) throws SQLException {
        List<AssignmentRow> rows = new ArrayList<>();
        if (principalIds.isEmpty()) {
            return rows;
        }
        String sql = "SELECT app, principal_id, principal_type, app_role_id, assignment_id FROM app_role_assignment WHERE principal_id = ANY(?)"
                + (app == null ? "" : " AND app = ?") + " ORDER BY app, principal_id, app_role_id";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, array(connection, principalIds));
            if (app != null) {
                statement.setString(2, app);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new AssignmentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    /** "user", "group" or null. */
    static String kindOf(Connection connection, String id) throws SQLException {
        for (String[] table : new String[][] {{"directory_user", Member.USER}, {"directory_group", Member.GROUP}}) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + table[0] + " WHERE id = ?")) {
                statement.setString(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        return table[1];
                    }
                }
            }
        }
        return null;
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * Ids as one array parameter ({@code = ANY(?)}) rather than an {@code IN} list of placeholders: one
     * statement text for any count, so PostgreSQL parses it once per connection and keeps a generic plan
     * (an index scan); a 500-item {@code IN} list was planned anew each time, and for the app's
     * assignments planned as a scan of the whole table (7-20 ms a batch against 1-3 ms).
     */
    static Array array(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("VARCHAR", values.toArray());
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
