package io.provisor.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for the store tests: an H2 file database in a temp folder, and PostgreSQL when
 * {@code PROVISOR_TEST_PG_URL} is set, each test in a schema of its own so runs never meet.
 */
public final class TestDatabases {

    public static final String PG_URL_VARIABLE = "PROVISOR_TEST_PG_URL";

    private TestDatabases() {
    }

    public static StoreSettings h2(Path dir) {
        return StoreSettings.embedded(dir);
    }

    public static StoreSettings postgres() {
        String url = System.getenv(PG_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(PG_URL_VARIABLE + " is not set");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return new StoreSettings(url, null, null, schema);
    }

    /** The names of a table's indexes in the connection's schema, lowercased (H2 keeps them upper-case). */
    public static java.util.Set<String> indexes(Connection connection, String table) throws SQLException {
        return indexColumns(connection, table).keySet();
    }

    /** A table's indexes, name → columns in index order, all lowercased. */
    public static java.util.Map<String, java.util.List<String>> indexColumns(Connection connection, String table) throws SQLException {
        var metaData = connection.getMetaData();
        String name = metaData.storesUpperCaseIdentifiers() ? table.toUpperCase(java.util.Locale.ROOT) : table;
        java.util.Map<String, java.util.List<String>> indexes = new java.util.TreeMap<>();
        try (var rs = metaData.getIndexInfo(null, connection.getSchema(), name, false, false)) {
            while (rs.next()) { // ordered by index, then column position
                if (rs.getString("INDEX_NAME") != null) {
                    indexes.computeIfAbsent(rs.getString("INDEX_NAME").toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
                            .add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return indexes;
    }

    /** A column's JDBC type ({@link java.sql.Types}) in the connection's schema. */
    public static int columnType(Connection connection, String table, String column) throws SQLException {
        var metaData = connection.getMetaData();
        boolean upper = metaData.storesUpperCaseIdentifiers();
        try (var rs = metaData.getColumns(null, connection.getSchema(), upper ? table.toUpperCase(java.util.Locale.ROOT) : table,
                upper ? column.toUpperCase(java.util.Locale.ROOT) : column)) {
            if (!rs.next()) {
                throw new IllegalArgumentException("no column " + table + "." + column);
            }
            return rs.getInt("DATA_TYPE");
        }
    }

    /** Drops a test schema (PostgreSQL); H2's temp folder goes with the test. */
    public static void drop(StoreSettings settings) {
        if (settings.schema() == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(settings.url());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + settings.schema() + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + settings.schema(), e);
        }
    }
}
