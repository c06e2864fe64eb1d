package io.provisor.directory;

import io.provisor.engine.EvaluationInput;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Directory#factsBatch} reads the same facts as {@link Directory#facts}, user by user. */
class BatchFactsTest {

    static final String APP = "contoso-crm";

    @TempDir
    Path dir;

    Database database;
    Directory directory;
    List<String> userIds = new ArrayList<>();

    @BeforeEach
    void importTenant() throws IOException {
        database = Database.open(TestDatabases.h2(dir));
        directory = new Directory(new DirectoryStore(database));
        try (InputStream in = Files.newInputStream(DirectoryContract.TENANT)) {
            new SnapshotImporter(directory, 500).importJson(in);
        }
        new Candidates(database).users(APP, true, null, userIds::add);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_batch_of_the_samples_tenant_users_gets_the_same_facts_as_each_user_alone() {
        TargetState linked = TargetState.linked("target-1", Map.of());
        Map<String, TargetState> targets = Map.of(userIds.get(0), linked);

        Map<String, EvaluationInput> batch = directory.factsBatch(APP, userIds, targets);

        assertThat(userIds).hasSizeGreaterThan(5);
        assertThat(batch.keySet()).containsExactlyElementsOf(userIds);
        for (String userId : userIds) {
            assertThat(batch.get(userId)).as(userId)
                    .isEqualTo(directory.facts(APP, userId, userId.equals(userIds.get(0)) ? linked : TargetState.unknown()));
        }
    }

    @Test
    void the_samples_tenant_has_users_with_groups_members_and_assignments_to_compare() {
        Map<String, EvaluationInput> batch = directory.factsBatch(APP, userIds, Map.of());

        assertThat(batch.values()).anySatisfy(input -> assertThat(input.groups()).hasSizeGreaterThan(1));
        assertThat(batch.values()).anySatisfy(input -> assertThat(input.groups())
                .anySatisfy(group -> assertThat(group.members()).hasSizeGreaterThan(0)));
        assertThat(batch.values()).anySatisfy(input -> assertThat(input.assignments()).isNotEmpty());
    }

    @Test
    void a_user_that_does_not_exist_is_left_out_of_the_batch() {
        List<String> ids = List.of(userIds.get(0), "no-such-user", userIds.get(1));

        assertThat(directory.factsBatch(APP, ids, Map.of()).keySet()).containsExactly(userIds.get(0), userIds.get(1));
    }

    @Test
    void a_user_read_alone_gets_the_same_facts_as_in_a_whole_batch() {
        Map<String, EvaluationInput> whole = directory.factsBatch(APP, userIds, Map.of());
        for (String userId : userIds) {
            assertThat(directory.factsBatch(APP, List.of(userId), Map.of()).get(userId)).isEqualTo(whole.get(userId));
        }
    }

    @Test
    void a_reader_kept_for_many_small_batches_on_two_threads_reads_what_fresh_batches_read() throws Exception {
        Map<String, EvaluationInput> whole = directory.factsBatch(APP, userIds, Map.of());
        BatchFacts reader = directory.factsReader(APP);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Map<String, EvaluationInput>>> batches = new java.util.ArrayList<>();
            for (int from = 0; from < userIds.size(); from += 3) {
                List<String> batch = userIds.subList(from, Math.min(userIds.size(), from + 3));
                batches.add(pool.submit(() -> reader.read(batch, Map.of())));
            }
            Map<String, EvaluationInput> read = new java.util.LinkedHashMap<>();
            for (var batch : batches) {
                read.putAll(batch.get());
            }
            assertThat(read).isEqualTo(whole);
        } finally {
            pool.shutdownNow();
        }
    }
}
