package io.provisor.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The directory's indexes that a bulk load builds after its rows are in, instead of inserting a million
 * random keys into each of them one by one: those that no import reads, which since V7 dropped the user
 * column indexes is memberships by member, and on H2 the user id key ({@link Dialect#dropUserKey}). A
 * load that is killed leaves them missing, so the store creates any missing one each time it opens
 * ({@link #create} changes nothing when they exist). A migration that changes one of them must change it
 * here too.
 */
final class DeferredIndexes {

    private record Index(String name, String table, String columns) {
    }

    private static final List<Index> ALL = List.of(
            new Index("group_member_member", "group_member", "member_id, group_id"));

    private DeferredIndexes() {
    }

    static void drop(Connection connection, Dialect dialect) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (Index index : ALL) {
                statement.execute("DROP INDEX IF EXISTS " + index.name());
            }
            if (dialect.dropUserKey() != null && hasPrimaryKey(connection, "directory_user")) {
                statement.execute(dialect.dropUserKey());
            }
        }
    }

    /**
     * Creates the indexes that do not exist; both databases sort the table's keys once to build one. The
     * user key is built from the narrow user rows (the documents are kept apart since V8).
     */
    static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (Index index : ALL) {
                statement.execute("CREATE INDEX IF NOT EXISTS " + index.name() + " ON " + index.table() + " (" + index.columns() + ")");
            }
            if (!hasPrimaryKey(connection, "directory_user")) {
                statement.execute("ALTER TABLE directory_user ADD CONSTRAINT directory_user_pkey PRIMARY KEY (id)");
            }
        }
    }

    private static boolean hasPrimaryKey(Connection connection, String table) throws SQLException {
        var metaData = connection.getMetaData();
        String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        try (var rs = metaData.getPrimaryKeys(null, connection.getSchema(), name)) {
            return rs.next();
        }
    }
}
