package io.provisor.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.model.Ids;
import io.provisor.model.LogEntry;
import io.provisor.model.Step;
import io.provisor.model.StepStatus;
import io.provisor.model.StepType;
import io.provisor.rules.facts.User;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.LogQuery;
import io.provisor.store.PreviewStore;
import io.provisor.store.ProvisioningLogStore;
import io.provisor.store.RevisionStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Provisioning logs on every database: see {@link H2ProvisioningLogsTest} and {@link PostgresProvisioningLogsTest}. */
abstract class ProvisioningLogsContract {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    abstract StoreSettings settings();

    StoreSettings settings;
    Database database;
    ProvisioningLogStore store;
    ProvisioningLogs logs;

    @BeforeEach
    void open() {
        settings = settings();
        database = Database.open(settings);
        store = new ProvisioningLogStore(database);
        logs = new ProvisioningLogs(store);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(settings);
    }

    static LogEntry entry(String userId, String upn, String name, Action action, String cycle, Instant at) {
        StepStatus status = action == Action.SKIP ? StepStatus.SKIPPED : StepStatus.SUCCESS;
        Decision decision = new Decision("d-" + userId, "rev1", "crm", userId, action, "Code", "EntraCode", "summary",
                List.of(), List.of(new Step(StepType.PROCESSING, "p", status, "d", Map.of())), List.of(), Map.of(), List.of());
        User user = new User(userId, upn, null, null, name, null, null, null, null, null, null, null, null, null, null, null,
                true, null, null, null);
        LogEntry.Identity target = action == Action.SKIP ? null : new LogEntry.Identity("t-" + userId, name, null, "User");
        return LogEntries.of(decision, user, cycle, "c-" + userId, target, 5, at);
    }

    void seed(int count) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(entry("u" + i, "user" + i + "@contoso.com", "User " + i, i % 3 == 0 ? Action.SKIP : Action.CREATE,
                    i < count / 2 ? "cycle-1" : "cycle-2", T0.plusSeconds(i / 2)));
        }
        logs.append(entries);
    }

    static LogQuery query(String q, int limit) {
        return new LogQuery("crm", q, null, null, null, null, null, limit, null);
    }

    @Test
    void a_record_is_found_by_name_in_any_case_and_by_source_or_target_id() {
        seed(10);
        assertThat(logs.search(query("USER3@contoso.com", 10)).value()).extracting(r -> r.at("/sourceIdentity/id").asText())
                .containsExactly("u3");
        assertThat(logs.search(query("user 4", 10)).value()).extracting(r -> r.at("/sourceIdentity/id").asText())
                .containsExactly("u4");
        assertThat(logs.search(query("u5", 10)).value()).hasSize(1);
        assertThat(logs.search(query("t-u5", 10)).value()).extracting(r -> r.at("/sourceIdentity/id").asText())
                .containsExactly("u5");
        assertThat(logs.search(query("nobody", 10)).value()).isEmpty();
    }

    @Test
    void one_record_appended_alone_is_found_like_a_batch() {
        store.append(entry("solo", "solo@contoso.com", "Solo User", Action.CREATE, "cycle-1", T0));
        assertThat(logs.search(query("SOLO@contoso.com", 10)).value()).extracting(r -> r.at("/sourceIdentity/id").asText())
                .containsExactly("solo");
        assertThat(logs.search(query("t-solo", 10)).value()).hasSize(1);
    }

    @Test
    void a_batch_larger_than_a_statement_batch_is_stored_whole_with_every_search_key() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2 * 1000 + 7; i++) {
            entries.add(entry("u" + i, "user" + i + "@contoso.com", "User " + i, Action.CREATE, "cycle-1", T0.plusMillis(i)));
        }
        store.appendAll(entries);

        LogQuery all = new LogQuery("crm", null, null, null, "cycle-1", null, null, LogQuery.MAX_LIMIT, null);
        assertThat(logs.search(all).value()).hasSize(LogQuery.MAX_LIMIT);
        for (int i : new int[] {0, 999, 1000, 2006}) {
            assertThat(logs.search(query("user" + i + "@contoso.com", 10)).value()).as("upn of record %d", i).hasSize(1);
            assertThat(logs.search(query("User " + i, 10)).value()).as("name of record %d", i).hasSize(1);
            assertThat(logs.search(query("t-u" + i, 10)).value()).as("target id of record %d", i).hasSize(1);
        }
    }

    @Test
    void an_empty_batch_writes_nothing() {
        store.appendAll(List.of());
        assertThat(logs.search(query(null, 10)).value()).isEmpty();
    }

    @Test
    void the_record_keeps_the_shape_admins_know() {
        seed(2);
        JsonNode record = logs.search(query("u1", 1)).value().get(0);
        assertThat(record.path("action").asText()).isEqualTo("create");
        assertThat(record.path("status").asText()).isEqualTo("success");
        assertThat(record.path("activityDateTime").asText()).isEqualTo("2026-11-01T10:00:00Z");
        assertThat(record.path("steps").get(0).path("type").asText()).isEqualTo("processing");
        assertThat(logs.get("crm", record.path("id").asText())).hasValue(record);
        assertThat(logs.get("other-app", record.path("id").asText())).isEmpty();
    }

    @Test
    void filters_narrow_the_search() {
        seed(12);
        LogQuery skips = new LogQuery("crm", null, "skip", null, null, null, null, 100, null);
        assertThat(logs.search(skips).value()).hasSize(4).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("skipped"));
        LogQuery cycle = new LogQuery("crm", null, null, "success", "cycle-2", null, null, 100, null);
        assertThat(logs.search(cycle).value()).hasSize(4);
        LogQuery window = new LogQuery("crm", null, null, null, null, T0.plusSeconds(1), T0.plusSeconds(3), 100, null);
        assertThat(logs.search(window).value()).extracting(r -> r.at("/sourceIdentity/id").asText())
                .containsExactlyInAnyOrder("u2", "u3", "u4", "u5");
    }

    @Test
    void keyset_pages_return_every_record_once_newest_first() {
        seed(25);
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        LogQuery page = query(null, 7);
        int pages = 0;
        while (page != null) {
            ProvisioningLogs.Page result = logs.search(page);
            result.value().forEach(r -> {
                seen.add(r.path("id").asText());
                order.add(r.path("activityDateTime").asText());
            });
            pages++;
            page = result.nextCursor() == null ? null : new LogQuery("crm", null, null, null, null, null, null, 7,
                    io.provisor.store.LogCursor.decode(result.nextCursor()));
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(25);
        assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_search_by_name_pages_through_every_record_of_the_user_once_newest_first() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            entries.add(entry("u1", "user1@contoso.com", "User 1", Action.NONE, "cycle-" + i, T0.plusSeconds(i / 2)));
            entries.add(entry("u2", "user2@contoso.com", "User 2", Action.NONE, "cycle-" + i, T0.plusSeconds(i / 2)));
        }
        logs.append(entries);
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        LogQuery page = query("USER1@contoso.com", 7);
        while (page != null) {
            ProvisioningLogs.Page result = logs.search(page);
            result.value().forEach(r -> {
                assertThat(r.at("/sourceIdentity/id").asText()).isEqualTo("u1");
                seen.add(r.path("id").asText());
                order.add(r.path("activityDateTime").asText() + " " + r.path("id").asText());
            });
            page = result.nextCursor() == null ? null : new LogQuery("crm", "USER1@contoso.com", null, null, null, null, null, 7,
                    io.provisor.store.LogCursor.decode(result.nextCursor()));
        }
        assertThat(seen).hasSize(25);
        assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void a_search_by_name_with_filters_on_the_record_returns_only_matching_records() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(entry("u1", "user1@contoso.com", "User 1", i % 2 == 0 ? Action.SKIP : Action.CREATE, "c", T0.plusSeconds(i)));
        }
        logs.append(entries);
        LogQuery skips = new LogQuery("crm", "User 1", "skip", null, null, null, null, 3, null);
        ProvisioningLogs.Page first = logs.search(skips);
        assertThat(first.value()).hasSize(3).allSatisfy(r -> assertThat(r.path("action").asText()).isEqualTo("skip"));
        assertThat(first.nextCursor()).isNotNull();
        LogQuery window = new LogQuery("crm", "User 1", null, null, null, T0.plusSeconds(2), T0.plusSeconds(5), 10, null);
        assertThat(logs.search(window).value()).hasSize(3);
    }

    @Test
    void a_record_that_both_forms_of_the_query_find_comes_once() {
        logs.append(List.of(entry("ADA", "ada@contoso.com", "ada", Action.CREATE, "c", T0)));
        assertThat(logs.search(query("ADA", 10)).value()).hasSize(1);
    }

    @Test
    void the_plan_of_a_search_by_name_says_what_it_read() {
        seed(4);
        assertThat(store.plan(query("User 1", 10))).contains("0 sealed segments", "4 records in the open tail", "1 found");
    }

    @Test
    void a_search_by_name_finds_records_in_every_sealed_segment_and_the_open_tail_newest_first() {
        // two sealed segments of 1,024 records and an open tail; Ada has every hundredth record, written in
        // appends of 97 as a cycle's commits write them
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2600; i++) {
            entries.add(i % 100 == 0 ? entry("ada", "ada@contoso.com", "Ada", Action.NONE, "cycle-" + i, T0.plusSeconds(i))
                    : entry("f" + i, "f" + i + "@contoso.com", "Filler " + i, Action.NONE, "cycle-" + i, T0.plusSeconds(i)));
        }
        for (int from = 0; from < entries.size(); from += 97) {
            logs.append(entries.subList(from, Math.min(entries.size(), from + 97)));
        }
        List<String> times = new ArrayList<>();
        LogQuery page = query("ADA", 10);
        List<Integer> sizes = new ArrayList<>();
        while (page != null) {
            ProvisioningLogs.Page result = logs.search(page);
            sizes.add(result.value().size());
            result.value().forEach(r -> {
                assertThat(r.at("/sourceIdentity/id").asText()).isEqualTo("ada");
                times.add(r.path("activityDateTime").asText());
            });
            page = result.nextCursor() == null ? null : new LogQuery("crm", "ADA", null, null, null, null, null, 10,
                    io.provisor.store.LogCursor.decode(result.nextCursor()));
        }
        assertThat(sizes).containsExactly(10, 10, 6);
        assertThat(times).hasSize(26).doesNotHaveDuplicates().isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // each segment's table names only Ada's records in it (11 and 10), and the tail's 552 records are read whole
        assertThat(store.plan(query("ada", 10)))
                .contains("2 sealed segments, 2 read by their filters, 21 records read from them by seq, 552 records in the open tail", "11 found");
        assertThat(logs.search(new LogQuery("crm", "ada", null, null, "cycle-300", null, null, 10, null)).value()).hasSize(1);
        assertThat(logs.search(new LogQuery("crm", "t-f1", null, null, null, null, null, 10, null)).value()).hasSize(1);
        assertThat(logs.search(new LogQuery("other-app", "ada", null, null, null, null, null, 10, null)).value()).isEmpty();
    }

    @Test
    void a_search_stops_reading_segments_once_its_page_is_full_of_newer_records() {
        // 18 sealed segments with one of Ada's records each, and one more in the open tail: the tail and the first
        // group of 16 segments fill a page of 5, and the two oldest segments, all older than the page, are not read
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 18 * 1024 + 10; i++) {
            entries.add(i % 1024 == 0 ? entry("ada", "ada@contoso.com", "Ada", Action.NONE, "c", T0.plusSeconds(i))
                    : entry("f" + i, "f" + i + "@contoso.com", "Filler " + i, Action.NONE, "c", T0.plusSeconds(i)));
        }
        logs.append(entries);
        assertThat(store.plan(query("ada", 5))).contains("18 sealed segments, 16 read by their filters", "6 found");
        assertThat(logs.search(query("ada", 5)).value()).extracting(r -> r.path("activityDateTime").asText())
                .containsExactly(T0.plusSeconds(18 * 1024).toString(), T0.plusSeconds(17 * 1024).toString(),
                        T0.plusSeconds(16 * 1024).toString(), T0.plusSeconds(15 * 1024).toString(), T0.plusSeconds(14 * 1024).toString());
        assertThat(logs.search(query("ada", 100)).value()).as("one in each segment and one in the tail").hasSize(19);
    }

    @Test
    void catching_up_after_rows_written_around_the_store_numbers_on_from_them_and_seals_their_segments() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add(entry("u" + i, "u" + i + "@contoso.com", "User " + i, Action.NONE, "c", T0.plusSeconds(i)));
        }
        logs.append(entries);
        // as a bulk copy in SQL leaves them: the rows are there, the counter and the segments know nothing of them
        database.transaction(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("DELETE FROM provisioning_log_segment");
                statement.execute("UPDATE change_counter SET last_value = 0 WHERE name = 'provisioning_log'");
            }
            return null;
        });

        store.catchUp();

        assertThat(store.plan(query("user 5", 10))).contains("1 sealed segments", "976 records in the open tail", "1 found");
        logs.append(List.of(entry("next", "next@contoso.com", "Next", Action.NONE, "c", T0.plusSeconds(5000))));
        long next = database.transaction(connection -> {
            try (var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT seq FROM provisioning_log WHERE source_id = 'next'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(next).isEqualTo(2001);
    }

    @Test
    void concurrent_writers_number_their_records_without_gaps_and_seal_each_segment_once() throws Exception {
        int threads = 4;
        int batches = 100;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<LogEntry> batch = new ArrayList<>();
                        for (int i = 0; i < 7; i++) {
                            String id = "w" + writer + "-" + (b * 7 + i);
                            batch.add(entry(id, id + "@contoso.com", "Writer " + id, Action.NONE, "c", T0.plusMillis(b * 7 + i)));
                        }
                        logs.append(batch);
                    }
                    return null;
                }));
            }
            for (var writer : writers) {
                writer.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long[] numbers = database.transaction(connection -> {
            try (var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM provisioning_log")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        });
        assertThat(numbers).containsExactly(2800, 2800, 1, 2800);
        List<Long> segments = database.transaction(connection -> {
            List<Long> firsts = new ArrayList<>();
            try (var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT first_seq FROM provisioning_log_segment ORDER BY first_seq")) {
                while (rs.next()) {
                    firsts.add(rs.getLong(1));
                }
            }
            return firsts;
        });
        assertThat(segments).containsExactly(1L, 1025L);
        for (String id : new String[] {"w0-0", "w1-350", "w2-699", "w3-123", "w3-699"}) {
            assertThat(logs.search(query("writer " + id, 10)).value()).as(id).hasSize(1);
            assertThat(logs.search(query("t-" + id, 10)).value()).as(id).hasSize(1);
        }
    }

    @Test
    void csv_export_holds_every_matching_record_and_defuses_formulas() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(entry("u" + i, "u" + i + "@contoso.com", i == 0 ? "=HYPERLINK(\"x\")" : "Name, " + i, Action.CREATE, "c", T0));
        }
        logs.append(entries);
        StringWriter out = new StringWriter();
        long count = logs.exportCsv(query(null, 2), out);

        String[] lines = out.toString().split("\r\n");
        assertThat(count).isEqualTo(5);
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("id,activityDateTime,app");
        assertThat(out.toString()).contains("\"'=HYPERLINK(\"\"x\"\")\"").contains("\"Name, 1\"");
    }

    @Test
    void retention_purges_only_old_records_in_batches() {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            entries.add(entry("old" + i, "Old" + i + "@Contoso.com", "Old User " + i, i % 2 == 0 ? Action.NONE : Action.SKIP, "c",
                    T0.minusSeconds(40L * 86400 + i)));
        }
        entries.add(entry("recent", "Recent@Contoso.com", "Recent User", Action.NONE, "c", T0));
        logs.append(entries);

        Map<String, Long> purged = retention().purge();

        assertThat(purged).containsEntry("provisioning log records", 2500L);
        assertThat(logs.search(query(null, 10)).value()).extracting(r -> r.at("/sourceIdentity/id").asText()).containsExactly("recent");
        assertThat(logs.search(query("old7", 10)).value()).isEmpty();
        assertThat(logs.search(query("Old User 8", 10)).value()).isEmpty();
        assertThat(logs.search(query("RECENT@contoso.com", 10)).value()).hasSize(1);
        // the two sealed segments held only old records, and went with them
        long segments = database.transaction(connection -> {
            try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT COUNT(*) FROM provisioning_log_segment")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(segments).isZero();
    }

    @Test
    void retention_purges_the_facts_and_previews_it_covers_and_keeps_the_recent_ones() {
        RevisionStore revisions = new RevisionStore(database);
        PreviewStore previews = new PreviewStore(database);
        Instant old = T0.minusSeconds(31L * 86400);
        for (int i = 0; i < 1500; i++) {
            revisions.saveFacts(new RevisionStore.Facts("old-" + i, "crm", "rev1", old.plusSeconds(i), "{}"));
        }
        revisions.saveFacts(new RevisionStore.Facts("recent", "crm", "rev1", T0.minusSeconds(29L * 86400), "{}"));
        List<PreviewStore.Change> changes = new ArrayList<>();
        for (int i = 0; i < 2500; i++) { // more than a batch: the old preview goes in steps, its summary last
            changes.add(new PreviewStore.Change(String.format("u%05d", i), "User " + i, "NONE", "InScope", "DISABLE", "OutOfScope", "r"));
        }
        previews.addChanges("old-preview", changes);
        previews.save(preview("old-preview", old));
        previews.addChanges("recent-preview", changes.subList(0, 3));
        previews.save(preview("recent-preview", T0.minusSeconds(3600)));
        // previews without a summary: one whose process died a month ago, one that is still running
        String orphan = Ids.timeOrdered(old);
        previews.addChanges(orphan, changes.subList(0, 1200));
        String running = Ids.timeOrdered(T0.minusSeconds(60));
        previews.addChanges(running, changes.subList(0, 4));

        Map<String, Long> purged = retention().purge();

        assertThat(purged).containsExactly(Map.entry("provisioning log records", 0L), Map.entry("decision facts", 1500L),
                Map.entry("impact preview rows", 2501L + 1200L), Map.entry("directory changes", 0L));
        assertThat(previews.changes(orphan, null, 10)).isEmpty();
        assertThat(previews.changes(running, null, 10)).hasSize(4);
        assertThat(revisions.facts("old-0")).isEmpty();
        assertThat(revisions.facts("old-1499")).isEmpty();
        assertThat(revisions.facts("recent")).isPresent();
        assertThat(previews.preview("crm", "old-preview")).isEmpty();
        assertThat(previews.changes("old-preview", null, 10)).isEmpty();
        assertThat(previews.preview("crm", "recent-preview")).isPresent();
        assertThat(previews.changes("recent-preview", null, 10)).hasSize(3);
        assertThat(retention().purge().values()).as("nothing is left to purge").containsOnly(0L);
    }

    LogRetention retention() {
        return LogRetention.of(store, new RevisionStore(database), new PreviewStore(database), new DirectoryStore(database), List::of,
                30, Clock.fixed(T0, ZoneOffset.UTC));
    }

    static PreviewStore.Preview preview(String id, Instant createdAt) {
        return new PreviewStore.Preview(id, "crm", "rev1", "rev2", "hash", createdAt, 10, 0, 3, 3, "{}");
    }
}
