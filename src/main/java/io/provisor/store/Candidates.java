package io.provisor.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * The objects an initial cycle processes, streamed in id order from one query (never all in memory):
 * with scope "assigned", the users assigned to the app directly or as direct members of an assigned
 * group; with scope "all", every user; in both cases every user already linked, so those who left
 * scope are disabled.
 */
public final class Candidates {

    /**
     * The members of the assigned groups are looked up by group id in the membership key on both databases
     * ({@code = ANY(ARRAY(...))}): as a join, PostgreSQL misjudged the assigned groups' sizes and scanned
     * every membership on three processes (1M users, 200 assigned groups: 0.6 s against 0.33 s, one process).
     */
    private static final String ASSIGNED_USERS = "SELECT principal_id AS id FROM app_role_assignment WHERE app = ? AND principal_type = 'User'"
            + " UNION SELECT m.member_id FROM group_member m WHERE m.group_id = ANY(ARRAY("
            + "SELECT a.principal_id FROM app_role_assignment a WHERE a.app = ? AND a.principal_type = 'Group'))"
            + " AND m.member_type = 'user'"
            + " UNION SELECT source_id FROM app_link WHERE app = ? AND object_type = 'User'";
    private static final String ALL_USERS = "SELECT id FROM directory_user"
            + " UNION SELECT source_id FROM app_link WHERE app = ? AND object_type = 'User'";
    private static final String ASSIGNED_GROUPS = "SELECT principal_id AS id FROM app_role_assignment WHERE app = ? AND principal_type = 'Group'"
            + " UNION SELECT source_id FROM app_link WHERE app = ? AND object_type = 'Group'";
    private static final String ALL_GROUPS = "SELECT id FROM directory_group"
            + " UNION SELECT source_id FROM app_link WHERE app = ? AND object_type = 'Group'";

    private final Database database;

    public Candidates(Database database) {
        this.database = database;
    }

    /** Streams user ids after {@code afterId} (null for all) in id order to {@code each}, which may block. */
    public void users(String app, boolean all, String afterId, Consumer<String> each) {
        String candidates = all ? ALL_USERS : ASSIGNED_USERS;
        Object[] parameters = appParameters(candidates, app, 1);
        parameters[parameters.length - 1] = afterId == null ? "" : afterId;
        stream("SELECT id FROM (" + candidates + ") c WHERE id > ? ORDER BY id", each, parameters);
    }

    public long countUsers(String app, boolean all) {
        String candidates = all ? ALL_USERS : ASSIGNED_USERS;
        return count("SELECT COUNT(*) FROM (" + candidates + ") c", appParameters(candidates, app, 0));
    }

    /** Every user of the directory, soft-deleted ones included. */
    public long countDirectoryUsers() {
        return count("SELECT COUNT(*) FROM directory_user");
    }

    public void groups(String app, boolean all, Consumer<String> each) {
        String candidates = all ? ALL_GROUPS : ASSIGNED_GROUPS;
        stream("SELECT id FROM (" + candidates + ") c ORDER BY id", each, appParameters(candidates, app, 0));
    }

    public long countGroups(String app, boolean all) {
        String candidates = all ? ALL_GROUPS : ASSIGNED_GROUPS;
        return count("SELECT COUNT(*) FROM (" + candidates + ") c", appParameters(candidates, app, 0));
    }

    /** The number of the last committed change in the directory. */
    public long head() {
        return database.transaction(ChangeFeed::last);
    }

    /** The app name for every placeholder of a candidate query, and {@code extra} free places after them. */
    private static Object[] appParameters(String sql, String app, int extra) {
        int placeholders = (int) sql.chars().filter(c -> c == '?').count();
        Object[] parameters = new Object[placeholders + extra];
        java.util.Arrays.fill(parameters, 0, placeholders, app);
        return parameters;
    }

    private void stream(String sql, Consumer<String> each, Object... parameters) {
        database.transaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(1000);
                Jdbc.bind(statement, parameters);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        each.accept(rs.getString(1));
                    }
                }
            }
            return null;
        });
    }

    private long count(String sql, Object... parameters) {
        return database.transaction(connection -> countIn(connection, sql, parameters));
    }

    private static long countIn(Connection connection, String sql, Object... parameters) throws SQLException {
        return Jdbc.first(connection, sql, rs -> rs.getLong(1), parameters).orElse(0L);
    }
}
