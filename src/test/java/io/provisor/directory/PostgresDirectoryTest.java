package io.provisor.directory;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresDirectoryTest extends DirectoryContract {

    @Override
    StoreSettings settings() {
        return TestDatabases.postgres();
    }

    @Test
    void a_large_import_leaves_the_planner_with_the_tables_real_sizes() throws IOException {
        int users = (int) ImportBatch.ANALYZE_AFTER / 2;
        String members = IntStream.range(0, users).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
        String json = "{\"users\": [" + IntStream.range(0, users).mapToObj(i -> "{\"id\": \"u" + i + "\"}")
                .collect(Collectors.joining(",")) + "], \"groups\": [{\"id\": \"g\", \"securityEnabled\": true, \"members\": ["
                + members + "]}]}";

        ImportReport report = new SnapshotImporter(directory, 500).importJson(text(json));

        assertThat(report.changes()).isGreaterThanOrEqualTo(ImportBatch.ANALYZE_AFTER);
        // a table PostgreSQL never analyzed has reltuples -1, and the planner then guesses its size
        assertThat(plannedRows("group_member")).isEqualTo(users);
        assertThat(plannedRows("directory_user")).isEqualTo(users);
    }

    private float plannedRows(String table) {
        return database.transaction(connection -> {
            try (var statement = connection.prepareStatement("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
                statement.setString(1, settings.schema());
                statement.setString(2, table);
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getFloat(1);
                }
            }
        });
    }
}
