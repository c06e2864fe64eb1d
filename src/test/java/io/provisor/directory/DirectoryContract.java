package io.provisor.directory;

import io.provisor.codec.Json;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Change;
import io.provisor.model.Decision;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory and its import on every database: see {@link H2DirectoryTest} and {@link PostgresDirectoryTest}. */
abstract class DirectoryContract {

    static final Path TENANT = Path.of("samples/tenant.json");

    abstract StoreSettings settings();

    StoreSettings settings;
    Database database;
    Directory directory;

    @BeforeEach
    void open() {
        settings = settings();
        database = Database.open(settings);
        directory = new Directory(new DirectoryStore(database));
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(settings);
    }

    ImportReport importTenant(int batch) throws IOException {
        try (InputStream in = Files.newInputStream(TENANT)) {
            return new SnapshotImporter(directory, batch).importJson(in);
        }
    }

    Set<String> indexes(String table) {
        return database.transaction(connection -> TestDatabases.indexes(connection, table));
    }

    static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void importing_the_same_snapshot_twice_changes_nothing_the_second_time() throws IOException {
        ImportReport first = importTenant(7);
        long watermark = directory.store().watermark();
        ImportReport second = importTenant(7);

        assertThat(first.complete()).isTrue();
        assertThat(first.users()).isEqualTo(53);
        assertThat(first.changes()).isEqualTo(watermark);
        assertThat(second.complete()).isTrue();
        assertThat(second.records()).isEqualTo(first.records());
        assertThat(second.changes()).isZero();
        assertThat(directory.store().watermark()).isEqualTo(watermark);
    }

    @Test
    void an_import_and_direct_writes_at_once_keep_the_feed_gap_free_and_consistent() throws Exception {
        var executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        var importing = executor.submit(() -> importTenant(3));
        var writing = executor.submit(() -> {
            for (int i = 0; i < 100; i++) {
                directory.putUser("direct-" + i, Json.mapper().readTree("{\"displayName\": \"Direct " + i + "\"}"));
            }
            return null;
        });
        ImportReport report = importing.get();
        writing.get();
        executor.shutdown();

        long watermark = directory.store().watermark();
        var changes = directory.changes(0, 100_000);
        assertThat(report.complete()).isTrue();
        assertThat(watermark).isEqualTo(report.changes() + 100);
        assertThat(changes).extracting(Change::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, watermark).boxed().toList());
        assertThat(changes).filteredOn(c -> c.objectId().startsWith("direct-")).hasSize(100);
    }

    @Test
    void an_import_into_an_empty_directory_ends_with_its_indexes_built_even_when_a_record_stops_it() throws IOException {
        String ndjson = "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u1\"}\n"
                + "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u2\"}\n"
                + "{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \"g1\", \"securityEnabled\": true, \"members\": [\"ghost\"]}\n";
        ImportReport report = new SnapshotImporter(directory, 2).importNdjson(text(ndjson));

        assertThat(report.complete()).isFalse();
        assertThat(directory.store().users(List.of("u1", "u2"))).hasSize(2);
        assertThat(indexes("group_member")).contains("group_member_member");
        assertThat(directory.store().commitsDelayed()).isFalse();
    }

    @Test
    void a_soft_deleted_user_in_the_snapshot_is_stored_as_deleted() throws IOException {
        importTenant(SnapshotImporter.DEFAULT_BATCH);
        assertThat(directory.changes(0, 10_000)).filteredOn(c -> c.type() == Change.Type.SOFT_DELETE).hasSize(1);
    }

    @Test
    void ndjson_lines_are_told_apart_by_odata_type() throws IOException {
        String ndjson = """
                {"@odata.type": "#microsoft.graph.user", "id": "u1", "userPrincipalName": "ada@contoso.com"}

                {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Sales", "securityEnabled": true, "members": [{"id": "u1"}]}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "principalId": "g1", "principalType": "Group", "resourceDisplayName": "crm"}
                """;
        ImportReport report = new SnapshotImporter(directory, 2).importNdjson(text(ndjson));
        assertThat(report.complete()).isTrue();
        assertThat(report.records()).isEqualTo(3);
        assertThat(directory.store().members("g1")).extracting(m -> m.id()).containsExactly("u1");
        assertThat(directory.store().assignments("crm", java.util.List.of("g1"))).hasSize(1);
    }

    @Test
    void a_bad_record_is_reported_with_its_position_and_its_batch_is_not_half_written() throws IOException {
        String json = """
                {"users": [
                  {"id": "u1"}, {"id": "u2"},
                  {"id": "u3"}, {"displayName": "no id"}
                ]}""";
        ImportReport report = new SnapshotImporter(directory, 2).importJson(text(json));

        assertThat(report.complete()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.record()).isEqualTo(4);
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.pointer()).isEqualTo("/users/3/id");
        });
        assertThat(directory.store().user("u2")).isPresent();
        assertThat(directory.store().user("u3")).as("same batch as the bad record").isEmpty();
    }

    @Test
    void malformed_json_stops_the_import_with_its_line() throws IOException {
        ImportReport report = new SnapshotImporter(directory, 10).importJson(text("{\"users\": [\n{\"id\": \"u1\"},\n{\"id\": }"));
        assertThat(report.complete()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).startsWith("malformed JSON");
        });
    }

    @Test
    void a_member_that_references_nothing_is_reported() throws IOException {
        String json = "{\"users\": [{\"id\": \"u1\"}], \"groups\": [{\"id\": \"g1\", \"securityEnabled\": true, \"members\": [\"u1\", \"ghost\"]}]}";
        ImportReport report = new SnapshotImporter(directory, 10).importJson(text(json));
        assertThat(report.complete()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/groups/0/members/1");
            assertThat(p.message()).contains("ghost");
        });
    }

    @Test
    void a_record_the_database_refuses_stops_the_import_after_the_batches_before_it() throws IOException {
        // batches of two: [u1 u2] [u3 a1] [u4 u5]; a1 names no user, which only the write finds out,
        // while the next batch is already being read
        String json = """
                {"users": [{"id": "u1"}, {"id": "u2"}, {"id": "u3"}],
                 "appRoleAssignments": [{"id": "a1", "principalId": "ghost", "principalType": "User",
                                         "appRoleId": "r", "resourceDisplayName": "crm"}],
                 "groups": [{"id": "g1", "securityEnabled": true, "members": []},
                            {"id": "g2", "securityEnabled": true, "members": []}]}""";
        ImportReport report = new SnapshotImporter(directory, 2).importJson(text(json));

        assertThat(report.complete()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.record()).isEqualTo(4);
            assertThat(p.pointer()).isEqualTo("/appRoleAssignments/0/principalId");
        });
        assertThat(report.users()).isEqualTo(2);
        assertThat(directory.store().users(java.util.List.of("u1", "u2", "u3"))).extracting(u -> u.id())
                .containsExactlyInAnyOrder("u1", "u2");
        assertThat(directory.store().group("g1")).as("read after the refused batch, never written").isEmpty();
        assertThat(directory.store().watermark()).isEqualTo(2);
    }

    @Test
    void a_batch_is_written_while_the_next_one_is_read() throws Exception {
        // batches of two; the first batch's commit waits until the fourth user has been read, which
        // only an import that goes on reading while a batch is written ever does
        CountDownLatch fourthRead = new CountDownLatch(1);
        List<String> lines = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"u" + i + "\"}\n").toList();
        List<Boolean> readOnDuringTheWrite = new CopyOnWriteArrayList<>();
        ImportReport report = new SnapshotImporter(directory, 2, committed -> {
            if (committed == 2) {
                readOnDuringTheWrite.add(awaitQuietly(fourthRead));
            }
        }).importNdjson(lineByLine(lines, 3, fourthRead));

        assertThat(readOnDuringTheWrite).containsExactly(true);
        assertThat(report.complete()).isTrue();
        assertThat(report.users()).isEqualTo(6);
        assertThat(directory.store().watermark()).isEqualTo(6);
    }

    /** Hands out one line per read, like a slow upload, and counts the latch down when line {@code signalAt} (0-based) is read. */
    private static InputStream lineByLine(List<String> lines, int signalAt, CountDownLatch signal) {
        return new InputStream() {
            private int line;
            private int offset;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int from, int length) {
                if (line == lines.size()) {
                    return -1;
                }
                if (line == signalAt && offset == 0) {
                    signal.countDown();
                }
                byte[] bytes = lines.get(line).getBytes(StandardCharsets.UTF_8);
                int n = Math.min(length, bytes.length - offset);
                System.arraycopy(bytes, offset, buffer, from, n);
                offset += n;
                if (offset == bytes.length) {
                    line++;
                    offset = 0;
                }
                return n;
            }
        };
    }

    /** True when the latch reached zero; false after 30 s (the reader never got there). */
    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void a_user_deleted_by_someone_else_between_two_batches_is_no_member_in_a_later_batch() throws IOException {
        // batches of two: [u1 u2] [g1]; u2 is deleted for good right after the first batch commits, and the
        // import, which wrote u2 itself, must not take it for an existing user when it links g1's members
        String u1 = "00000000-0000-4000-8000-000000000001";
        String u2 = "00000000-0000-4000-8000-000000000002";
        String ndjson = "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"" + u1 + "\"}\n"
                + "{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"" + u2 + "\"}\n"
                + "{\"@odata.type\": \"#microsoft.graph.group\", \"id\": \"g1\", \"securityEnabled\": true, \"members\": [\""
                + u1 + "\", \"" + u2 + "\"]}\n";
        ImportReport report = new SnapshotImporter(directory, 2, committed -> {
            if (committed == 2) {
                directory.store().write(writes -> writes.hardDelete(Change.ObjectType.USER, u2));
            }
        }).importNdjson(text(ndjson));

        assertThat(report.complete()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/members/1");
            assertThat(p.message()).contains(u2);
        });
        assertThat(directory.store().members("g1")).extracting(m -> m.id()).containsExactly(u1);
    }

    @Test
    void a_user_someone_else_writes_during_a_load_into_an_empty_directory_is_updated_by_a_later_batch() throws IOException {
        // batches of two: [u1 u2] [u3 u4]; the first batch finds nothing to look up (the directory was empty and
        // only the import wrote to it), and the second must look u3 up again because someone else wrote it in between
        String[] ids = IntStream.rangeClosed(1, 4).mapToObj(i -> "00000000-0000-4000-8000-00000000000" + i).toArray(String[]::new);
        StringBuilder ndjson = new StringBuilder();
        for (String id : ids) {
            ndjson.append("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"").append(id)
                    .append("\", \"displayName\": \"From the snapshot\"}\n");
        }
        ImportReport report = new SnapshotImporter(directory, 2, committed -> {
            if (committed == 2) {
                directory.putUser(ids[2], Json.mapper().createObjectNode().put("displayName", "Written meanwhile"));
            }
        }).importNdjson(text(ndjson.toString()));

        assertThat(report.complete()).isTrue();
        assertThat(directory.store().user(ids[2]).orElseThrow().displayName()).isEqualTo("From the snapshot");
        assertThat(directory.changes(0, 100)).extracting(Change::type).containsExactly(Change.Type.CREATE, Change.Type.CREATE,
                Change.Type.CREATE, Change.Type.UPDATE, Change.Type.CREATE);
    }

    @Test
    void a_load_into_an_empty_directory_adds_an_assignment_listed_again_in_a_later_batch_once() throws IOException {
        // batches of two: [user u1] [a1 a2] [a1-again, a3]; the load looks up no principal it wrote no assignment to,
        // so the third batch must still find a1 (UUID principal) and a2 (other id) among those it wrote
        String uuid = "00000000-0000-4000-8000-000000000001";
        String role = "00000000-0000-0000-0000-000000000000";
        String other = "00000000-0000-0000-0000-0000000000ff";
        String ndjson = """
                {"@odata.type": "#microsoft.graph.user", "id": "%1$s"}
                {"@odata.type": "#microsoft.graph.user", "id": "ada"}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "id": "a1", "appRoleId": "%2$s", "principalId": "%1$s", "principalType": "User", "resourceDisplayName": "crm"}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "id": "a2", "appRoleId": "%2$s", "principalId": "ada", "principalType": "User", "resourceDisplayName": "crm"}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "id": "a1", "appRoleId": "%2$s", "principalId": "%1$s", "principalType": "User", "resourceDisplayName": "crm"}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "id": "a2", "appRoleId": "%2$s", "principalId": "ada", "principalType": "User", "resourceDisplayName": "crm"}
                {"@odata.type": "#microsoft.graph.appRoleAssignment", "id": "a3", "appRoleId": "%3$s", "principalId": "%1$s", "principalType": "User", "resourceDisplayName": "crm"}
                """.formatted(uuid, role, other);

        ImportReport report = new SnapshotImporter(directory, 2).importNdjson(text(ndjson));

        assertThat(report.problems()).isEmpty();
        assertThat(directory.store().assignments("crm", java.util.List.of(uuid, "ada")))
                .extracting(a -> a.principalId() + " " + a.appRoleId())
                .containsExactlyInAnyOrder(uuid + " " + role, uuid + " " + other, "ada " + role);
        assertThat(directory.changes(0, 100)).filteredOn(c -> c.type() == Change.Type.ASSIGNMENT_ADD).hasSize(3);
    }

    @Test
    void a_group_may_name_a_group_listed_after_it() throws IOException {
        String json = """
                {"users": [{"id": "u1"}],
                 "groups": [{"id": "outer", "securityEnabled": true, "members": ["inner"]},
                            {"id": "inner", "securityEnabled": true, "members": ["u1"]}]}""";
        assertThat(new SnapshotImporter(directory, 1).importJson(text(json)).complete()).isTrue();
        assertThat(directory.store().members("outer")).extracting(m -> m.id()).containsExactly("inner");
    }

    @Test
    void evaluating_a_directory_user_explains_a_nested_group() throws IOException {
        importTenant(SnapshotImporter.DEFAULT_BATCH);
        var rules = new RuleLibrary(Path.of("rules")).loadAll().active("contoso-crm").orElseThrow();
        EvaluationInput facts = directory.facts("contoso-crm", "f5aa0767-bf5d-4860-8ecb-2ab08f021fa0", TargetState.unknown());

        Decision decision = new PolicyEngine().evaluate(rules, facts);

        assertThat(decision.action().toString()).isEqualTo("skip");
        assertThat(decision.code()).isEqualTo("NestedGroupNotSupported");
        assertThat(decision.reasons().get(0).message()).contains("Sales US - New Hires");
    }
}
