package io.provisor.store;

import io.provisor.codec.Json;
import io.provisor.logs.LogEntries;
import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.model.LogEntry;
import io.provisor.rules.facts.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 10 rebuilds the log's search keys without a primary key and drops an index no query used;
 * migration 11 replaces the log's index by cycle and source id with one by cycle and time: a database
 * that already holds records keeps finding them by every key, and a resumed cycle still sees which
 * objects it has logged.
 */
class LogKeyMigrationTest {

    @TempDir
    Path dir;

    @Test
    void h2_keeps_every_search_key_through_migrations_10_and_11() throws Exception {
        upgrade(TestDatabases.h2(dir));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
    void postgres_keeps_every_search_key_through_migrations_10_and_11() throws Exception {
        StoreSettings settings = TestDatabases.postgres();
        try {
            upgrade(settings);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private static void upgrade(StoreSettings settings) throws Exception {
        Flyway.configure().dataSource(settings.url(), settings.user(), settings.password()).locations("classpath:db/migration")
                .schemas(settings.schema() == null ? new String[0] : new String[] {settings.schema()}).target("9").load().migrate();
        LogEntry entry = entry();
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            if (settings.schema() != null) {
                connection.setSchema(settings.schema());
            }
            connection.setAutoCommit(false);
            ProvisioningLogStore.append(connection, List.of(entry), List.of(Json.mapper().writeValueAsString(entry)));
            connection.commit();
        }

        Database database = Database.open(settings);
        try {
            ProvisioningLogStore logs = new ProvisioningLogStore(database);
            for (String key : new String[] {"u1", "t-u1", "ADA@contoso.com", "ada lovelace"}) {
                assertThat(logs.search(new LogQuery("crm", key, null, null, null, null, null, 10, null)).records())
                        .as("found by %s", key).extracting(stored -> Json.mapper().readTree(stored.document()).path("id").asText())
                        .containsExactly(entry.id());
            }
            assertThat(new JobStore(database).loggedInCycle("crm", "cycle-1", List.of("u1", "u2"))).containsExactly("u1");
            assertThat(new JobStore(database).loggedInCycle("crm", "cycle-2", List.of("u1"))).isEmpty();
            database.transaction(connection -> {
                assertThat(TestDatabases.indexes(connection, "app_link")).noneMatch(name -> name.contains("target"));
                assertThat(TestDatabases.indexColumns(connection, "provisioning_log_key"))
                        .containsEntry("provisioning_log_key_search", List.of("app", "search_key", "activity_at", "log_id"))
                        .doesNotContainKey("provisioning_log_key_log");
                assertThat(TestDatabases.indexColumns(connection, "provisioning_log"))
                        .containsEntry("provisioning_log_cycle_time", List.of("app", "cycle_id", "activity_at", "id"))
                        .doesNotContainKey("provisioning_log_source");
                return null;
            });
        } finally {
            database.close();
        }
    }

    private static LogEntry entry() {
        Decision decision = new Decision("d-u1", "rev1", "crm", "u1", Action.CREATE, "Code", "EntraCode", "summary", List.of(),
                List.of(), List.of(), Map.of(), List.of());
        User user = new User("u1", "ada@contoso.com", null, null, "Ada Lovelace", null, null, null, null, null, null, null, null,
                null, null, null, true, null, null, null);
        return LogEntries.of(decision, user, "cycle-1", "c-u1", new LogEntry.Identity("t-u1", "Ada Lovelace", null, "User"), 5,
                Instant.parse("2026-11-01T10:00:00Z"));
    }
}
