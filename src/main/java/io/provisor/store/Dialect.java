package io.provisor.store;

/**
 * The differences between the two databases provisor runs on, kept in one place. Everything else is
 * standard SQL that both accept (MERGE, OFFSET/FETCH, FOR UPDATE, LOWER).
 */
public enum Dialect {
    H2, POSTGRESQL;

    static Dialect of(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported database URL `" + url.replaceAll("\\?.*", "") + "`: use jdbc:h2: or jdbc:postgresql:");
    }

    /**
     * Driver settings for the pool. PostgreSQL's driver sends a batch of inserts as multi-row
     * inserts ({@code reWriteBatchedInserts}), several times faster for imports and log appends; a
     * setting in the URL wins over these.
     */
    java.util.Map<String, String> driverProperties() {
        return this == POSTGRESQL ? java.util.Map.of("reWriteBatchedInserts", "true") : java.util.Map.of();
    }

    /**
     * Appends rows to a table in the connection's transaction: PostgreSQL takes them through COPY, which
     * is cheaper for the server than multi-row INSERTs; H2 has no COPY and takes statement batches.
     */
    RowAppender appender(java.sql.Connection connection, String table, java.util.List<String> columns) throws java.sql.SQLException {
        return this == POSTGRESQL ? new CopyAppender(connection, table, columns) : new BatchAppender(connection, table, columns);
    }

    /**
     * Turns a text column into one of UTF-8 bytes, keeping its values. H2 converts text to binary as UTF-8;
     * PostgreSQL must be told the encoding, since its plain cast to BYTEA reads backslashes as escapes.
     */
    String textToUtf8Bytes(String table, String column) {
        return this == POSTGRESQL
                ? "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE BYTEA USING convert_to(" + column + ", 'UTF8')"
                : "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DATA TYPE VARBINARY";
    }

    /** The type of a column of bytes of any length. */
    String bytes() {
        return this == POSTGRESQL ? "BYTEA" : "VARBINARY";
    }

    /** What makes a query print its plan: PostgreSQL also runs it and reports times and buffers. */
    String explain() {
        return this == POSTGRESQL ? "EXPLAIN (ANALYZE, BUFFERS) " : "EXPLAIN ";
    }

    /**
     * SQL that reads how long H2 may wait before it writes a commit out, in milliseconds (a commit returns
     * before that when it is above 0); null on PostgreSQL, which writes each commit out before it returns.
     */
    String readWriteDelay() {
        return this == H2 ? "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'" : null;
    }

    /** SQL that sets H2's write delay (see {@link #readWriteDelay}). */
    String setWriteDelay(int millis) {
        return "SET WRITE_DELAY " + millis;
    }

    /** SQL that writes out what H2 has committed and not written yet. */
    String checkpoint() {
        return "CHECKPOINT";
    }

    /**
     * SQL that drops the user id key for a bulk load ({@link DeferredIndexes}), or null to keep it. H2 drops
     * it: with a million random ids its key pages outgrow H2's page cache, and each insert read a page back
     * from the file to check the id is unique, then again to commit it (a third of a 1M-user load's users
     * phase); built afterwards from the narrow user rows it is a few seconds. Meanwhile a read of a user by
     * id scans those rows: another writer's, or the load's own of an id the file lists again (a load that has
     * to look ids up builds the keys first, see ImportWriter). PostgreSQL keeps it: its inserts of random
     * keys cost it little (1M users load in 45 s), and its concurrent readers go on using it.
     */
    String dropUserKey() {
        return this == H2 ? "ALTER TABLE directory_user DROP PRIMARY KEY" : null;
    }

    /** SQL that refreshes the planner's statistics of one table. */
    String analyze(String table) {
        return (this == POSTGRESQL ? "ANALYZE " : "ANALYZE TABLE ") + table;
    }

    /** SQL that creates a schema unless it exists. */
    String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    String quote(String identifier) {
        if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new StoreException("schema name `" + identifier + "` must be letters, digits and underscores");
        }
        return "\"" + identifier + "\"";
    }

    /** SQLSTATE of a unique-key violation. */
    boolean isUniqueViolation(java.sql.SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
