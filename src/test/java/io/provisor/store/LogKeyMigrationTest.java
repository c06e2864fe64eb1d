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
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
 * objects it has logged; migration 13 stores log documents and decision facts as UTF-8 bytes, and every
 * character of the old text survives it; migration 14 numbers the records, seals every full run of them into a search
 * segment and drops the key table, and every record is still found by each of its keys.
 */
class LogKeyMigrationTest {

    /** Decision facts with characters outside ASCII and a backslash, which PostgreSQL's plain cast to bytes would misread. */
    private static final String FACTS = "{\"user\":{\"displayName\":\"\u00c5da L\u00f6velace \u2713\",\"path\":\"C:\\\\ada\"}}";

    @TempDir
    Path dir;

    /** Records beside the one the test follows: with it, two full segments and an open tail. */
    private static final int OTHERS = 2 * LogSegments.RECORDS + 10;

    @Test
    void h2_keeps_every_search_key_and_document_through_migrations_10_to_14() throws Exception {
        upgrade(TestDatabases.h2(dir));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
    void postgres_keeps_every_search_key_and_document_through_migrations_10_to_14() throws Exception {
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
        String document = Json.write(entry);
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            if (settings.schema() != null) {
                connection.setSchema(settings.schema());
            }
            connection.setAutoCommit(false);
            writeAsVersion9(connection, entry, document);
            connection.commit();
        }

        Database database = Database.open(settings);
        try {
            ProvisioningLogStore logs = new ProvisioningLogStore(database);
            for (String key : new String[] {"u1", "t-u1", "ADA@contoso.com", "\u00e5da lovelace"}) {
                assertThat(logs.search(new LogQuery("crm", key, null, null, null, null, null, 10, null)).records())
                        .as("found by %s", key).extracting(stored -> Json.mapper().readTree(stored.document()).path("id").asText())
                        .containsExactly(entry.id());
            }
            for (int i : new int[] {0, LogSegments.RECORDS + 7, OTHERS - 1}) { // in the first segment, the second, the tail
                assertThat(logs.search(new LogQuery("crm", "Other " + i, null, null, null, null, null, 10, null)).records())
                        .as("other %d", i).hasSize(1);
            }
            assertThat(logs.plan(new LogQuery("crm", "u1", null, null, null, null, null, 10, null))).contains("2 sealed segments");
            assertThat(logs.get("crm", entry.id())).as("the document, now stored as bytes (V13)").contains(document);
            assertThat(new RevisionStore(database).facts("f-u1")).get().extracting(RevisionStore.Facts::facts).isEqualTo(FACTS);
            assertThat(new JobStore(database).loggedInCycle("crm", "cycle-1", null)).containsExactly("u1");
            assertThat(new JobStore(database).loggedInCycle("crm", "cycle-2", null)).isEmpty();
            database.transaction(connection -> {
                assertThat(TestDatabases.indexes(connection, "app_link")).noneMatch(name -> name.contains("target"));
                assertThat(TestDatabases.indexes(connection, "provisioning_log_key")).as("the key table is gone").isEmpty();
                assertThat(TestDatabases.indexColumns(connection, "provisioning_log"))
                        .containsEntry("provisioning_log_cycle_time", List.of("app", "cycle_id", "activity_at", "id"))
                        .containsEntry("provisioning_log_seq", List.of("seq"))
                        .doesNotContainKey("provisioning_log_source");
                for (String[] column : new String[][] {{"provisioning_log", "document"}, {"decision_facts", "facts"}}) {
                    assertThat(TestDatabases.columnType(connection, column[0], column[1])).as("%s.%s", column[0], column[1])
                            .isIn(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY);
                }
                return null;
            });
        } finally {
            database.close();
        }
    }

    /** A record, its search keys and decision facts as version 9 stored them: the documents as text. */
    private static void writeAsVersion9(Connection connection, LogEntry entry, String document) throws SQLException {
        Timestamp at = Timestamp.from(entry.activityDateTime());
        Jdbc.update(connection, "INSERT INTO provisioning_log (id, app, activity_at, cycle_id, change_id, action, status, code,"
                + " source_id, target_id, revision, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entry.id(), entry.app(), at,
                entry.cycleId(), entry.changeId(), entry.action().toString(), entry.status().toString(), entry.code(),
                entry.sourceIdentity().id(), entry.targetIdentity().id(), entry.revision(), document);
        // the keys version 9 derived from the identities: ids as they are, names lowercased
        for (String key : List.of("u1", "\u00e5da lovelace", "ada@contoso.com", "t-u1")) {
            Jdbc.update(connection, "INSERT INTO provisioning_log_key (app, search_key, activity_at, log_id) VALUES (?, ?, ?, ?)",
                    entry.app(), key, at, entry.id());
        }
        for (int i = 0; i < OTHERS; i++) { // later than the record followed, which ends up in the first segment
            LogEntry other = LogEntries.of(new Decision("d-o" + i, "rev1", "crm", "o" + i, Action.SKIP, "Code", "EntraCode", "summary",
                    List.of(), List.of(), List.of(), Map.of(), List.of()), new User("o" + i, "o" + i + "@contoso.com", null, null,
                    "Other " + i, null, null, null, null, null, null, null, null, null, null, null, true, null, null, null),
                    "cycle-0", "c-o" + i, null, 5, entry.activityDateTime().plusSeconds(1 + i));
            Jdbc.update(connection, "INSERT INTO provisioning_log (id, app, activity_at, cycle_id, action, status, source_id, document)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", other.id(), other.app(), Timestamp.from(other.activityDateTime()), other.cycleId(),
                    other.action().toString(), other.status().toString(), other.sourceIdentity().id(), Json.write(other));
        }
        Jdbc.update(connection, "INSERT INTO decision_facts (id, app, revision, recorded_at, facts) VALUES (?, ?, ?, ?, ?)",
                "f-u1", "crm", "rev1", entry.activityDateTime(), FACTS);
    }

    private static LogEntry entry() {
        Decision decision = new Decision("d-u1", "rev1", "crm", "u1", Action.CREATE, "Code", "EntraCode", "summary", List.of(),
                List.of(), List.of(), Map.of(), List.of());
        User user = new User("u1", "ada@contoso.com", null, null, "\u00c5da Lovelace", null, null, null, null, null, null, null, null,
                null, null, null, true, null, null, null);
        return LogEntries.of(decision, user, "cycle-1", "c-u1", new LogEntry.Identity("t-u1", "\u00c5da Lovelace", null, "User"), 5,
                Instant.parse("2026-11-01T10:00:00Z"));
    }
}
