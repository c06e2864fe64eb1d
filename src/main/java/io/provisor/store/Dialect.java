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
