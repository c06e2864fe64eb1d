package io.provisor.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 13: provisioning log documents and decision facts are stored as UTF-8 bytes, not as text. Embedded H2
 * writes a text value into its pages one character at a time and reads it back the same way, which took about a
 * sixth of the outcome writer's CPU in a cycle; bytes are copied whole. The conversion needs a different statement
 * on each database (PostgreSQL has to be told the encoding), which a SQL migration shared by both cannot say.
 * It rewrites both tables once, which on a large log takes a while at the first start after the upgrade.
 */
final class V13LogDocumentsAsBytes implements JavaMigration {

    private static final List<String> COLUMNS = List.of("provisioning_log.document", "decision_facts.facts");

    private final Dialect dialect;

    V13LogDocumentsAsBytes(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("13");
    }

    @Override
    public String getDescription() {
        return "log documents and decision facts as bytes";
    }

    @Override
    public Integer getChecksum() {
        return String.join(",", COLUMNS).hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement statement = context.getConnection().createStatement()) {
            for (String qualified : COLUMNS) {
                int dot = qualified.indexOf('.');
                statement.execute(dialect.textToUtf8Bytes(qualified.substring(0, dot), qualified.substring(dot + 1)));
            }
        }
    }
}
