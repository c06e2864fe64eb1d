package io.provisor.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 14: the provisioning log is searched through sealed segments ({@link LogSegments}) instead of a table of
 * search keys. Three of a record's keys (its target id and names) landed at random places in that table's index, so
 * on embedded H2 each commit rewrote a page of a large index for each, and more so the larger the log grew. Existing
 * records are numbered in the order of their time, every full run of them is sealed into a segment from the
 * identities in their documents, and the key table goes. Sealing reads every document once, which on a large log
 * takes a while at the first start after the upgrade.
 */
final class V14LogSearchSegments implements JavaMigration {

    private final Dialect dialect;

    V14LogSearchSegments(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("14");
    }

    @Override
    public String getDescription() {
        return "log search segments";
    }

    @Override
    public Integer getChecksum() {
        return ("seq,provisioning_log_segment," + LogSegments.RECORDS).hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE provisioning_log ADD COLUMN seq BIGINT");
            statement.execute("MERGE INTO provisioning_log USING (SELECT id, ROW_NUMBER() OVER (ORDER BY activity_at, id) AS n"
                    + " FROM provisioning_log) numbered ON (provisioning_log.id = numbered.id) WHEN MATCHED THEN UPDATE SET seq = numbered.n");
            statement.execute("ALTER TABLE provisioning_log ALTER COLUMN seq SET NOT NULL");
            statement.execute("CREATE UNIQUE INDEX provisioning_log_seq ON provisioning_log (seq)");
            statement.execute("CREATE TABLE provisioning_log_segment (first_seq BIGINT PRIMARY KEY, last_seq BIGINT NOT NULL,"
                    + " first_at TIMESTAMP WITH TIME ZONE NOT NULL, last_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " key_filter " + dialect.bytes() + " NOT NULL, key_directory " + dialect.bytes() + " NOT NULL,"
                    + " key_hashes " + dialect.bytes() + " NOT NULL)");
            long records;
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM provisioning_log")) {
                rs.next();
                records = rs.getLong(1);
            }
            Jdbc.update(connection, "INSERT INTO change_counter (name, last_value) VALUES ('provisioning_log', ?)", records);
            LogSegments.sealUpTo(connection, records);
            statement.execute("DROP TABLE provisioning_log_key");
        }
    }
}
