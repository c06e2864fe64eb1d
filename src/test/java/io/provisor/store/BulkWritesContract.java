package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.BulkWrites.GroupWithMembers;
import io.provisor.store.BulkWrites.Membership;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bulk writes (what an import uses) on every database: run by {@link H2BulkWritesTest} and {@link PostgresBulkWritesTest}. */
abstract class BulkWritesContract {

    abstract StoreSettings settings();

    StoreSettings settings;
    Database database;
    DirectoryStore store;

    @BeforeEach
    void open() {
        settings = settings();
        database = Database.open(settings);
        store = new DirectoryStore(database);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(settings);
    }

    static UserRow user(String id, String displayName, Instant deletedAt) {
        UserRow row = DirectoryStoreContract.user(id, displayName);
        return new UserRow(row.id(), row.userPrincipalName(), row.mail(), row.displayName(), row.employeeId(), deletedAt,
                row.document(), row.contentHash());
    }

    static GroupRow group(String id, String name) {
        return new GroupRow(id, name, null, null, true, null, "{\"displayName\":\"" + name + "\"}", Integer.toHexString(name.hashCode()));
    }

    static List<UserRow> users(String prefix, int count) {
        List<UserRow> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(user(prefix + i, "User " + prefix + i, null));
        }
        return users;
    }

    long taken(DirectoryStore.Batch<Long> batch) {
        return store.write(batch);
    }

    List<Change> feed() {
        return store.changes(0, 100_000);
    }

    @Test
    void users_written_again_unchanged_take_no_change() {
        assertThat(taken(w -> w.bulk().putUsers(users("u", 30)))).isEqualTo(30);
        assertThat(taken(w -> w.bulk().putUsers(users("u", 30)))).isZero();
        assertThat(feed()).extracting(Change::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(store.user("u29")).hasValueSatisfying(row -> assertThat(row.displayName()).isEqualTo("User u29"));
    }

    @Test
    void text_with_tabs_line_breaks_and_backslashes_and_times_are_stored_as_written() {
        // PostgreSQL takes new rows through COPY's text format, where these characters are separators or escapes
        String name = "Tab\there, line\nbreak\r, back\\slash \\N \\. \u00e9\u4e2d";
        Instant deletedAt = Instant.parse("2026-01-02T03:04:05.123456Z");
        UserRow written = new UserRow("u1", null, null, name, null, deletedAt, "{\"displayName\":\"" + name.replace("\\", "\\\\")
                .replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "\"}", "h");
        store.write(w -> w.bulk().putUsers(List.of(written)));

        UserRow stored = store.user("u1").orElseThrow();
        assertThat(stored.displayName()).isEqualTo(name);
        assertThat(stored.document()).isEqualTo(written.document());
        assertThat(stored.userPrincipalName()).isNull();
        assertThat(stored.deletedAt()).isEqualTo(deletedAt);
        assertThat(store.changes(0, 10)).first().satisfies(change ->
                assertThat(change.changedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now()));
    }

    @Test
    void a_user_listed_twice_in_one_batch_takes_both_changes_and_keeps_its_last_state() {
        long taken = store.write(w -> w.bulk().putUsers(List.of(user("u1", "Ada", null), user("u1", "Ada Lovelace", null))));

        assertThat(taken).isEqualTo(2);
        assertThat(feed()).extracting(Change::type).containsExactly(Change.Type.CREATE, Change.Type.UPDATE);
        UserRow stored = store.user("u1").orElseThrow();
        assertThat(stored.displayName()).isEqualTo("Ada Lovelace");
    }

    @Test
    void deletion_in_the_row_soft_deletes_and_restores_and_keeps_the_first_deletion_time() {
        Instant first = Instant.parse("2026-01-02T03:04:05Z");
        store.write(w -> w.bulk().putUsers(List.of(user("u1", "Ada", first))));
        store.write(w -> w.bulk().putUsers(List.of(user("u1", "Ada", Instant.parse("2026-02-01T00:00:00Z")))));
        assertThat(store.user("u1").orElseThrow().deletedAt()).isEqualTo(first);
        store.write(w -> w.bulk().putUsers(List.of(user("u1", "Ada", null))));

        assertThat(store.user("u1").orElseThrow().deletedAt()).isNull();
        assertThat(feed()).extracting(Change::type)
                .containsExactly(Change.Type.CREATE, Change.Type.SOFT_DELETE, Change.Type.RESTORE);
    }

    @Test
    void groups_get_exactly_their_listed_members_adds_first_then_removes() {
        store.write(w -> w.bulk().putUsers(users("u", 3)));
        store.write(w -> w.bulk().putGroups(List.of(new GroupWithMembers(group("g1", "Sales"),
                List.of(new Member("u0", Member.USER), new Member("u1", Member.USER), new Member("u1", Member.USER))))));
        long before = store.watermark();

        long taken = store.write(w -> w.bulk().putGroups(List.of(new GroupWithMembers(group("g1", "Sales"),
                List.of(new Member("u1", Member.USER), new Member("u2", Member.USER))))));

        assertThat(taken).isEqualTo(2);
        assertThat(store.changes(before, 10)).extracting(Change::type, Change::relatedId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.Type.MEMBER_ADD, "u2"),
                org.assertj.core.groups.Tuple.tuple(Change.Type.MEMBER_REMOVE, "u0"));
        assertThat(store.members("g1")).extracting(Member::id).containsExactly("u1", "u2");
    }

    @Test
    void members_are_stored_in_key_order_while_their_feed_entries_keep_the_listed_order() {
        store.write(w -> w.bulk().putUsers(users("u", 4)));
        long before = store.watermark();

        store.write(w -> w.bulk().putGroups(List.of(
                new GroupWithMembers(group("g2", "Support"), List.of(new Member("u3", Member.USER), new Member("u0", Member.USER))),
                new GroupWithMembers(group("g1", "Sales"), List.of(new Member("u2", Member.USER), new Member("u1", Member.USER))))));

        assertThat(store.changes(before, 10)).filteredOn(change -> change.type() == Change.Type.MEMBER_ADD)
                .extracting(Change::relatedId).containsExactly("u3", "u0", "u2", "u1");
        // rows come back in the order they went in when nothing orders them: H2 by its row ids, PostgreSQL by heap position
        List<String> stored = database.transaction(connection -> {
            List<String> rows = new ArrayList<>();
            try (var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT group_id, member_id FROM group_member")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            return rows;
        });
        assertThat(stored).containsExactly("g1/u1", "g1/u2", "g2/u0", "g2/u3");
    }

    @Test
    void a_member_removed_and_added_again_in_one_batch_stays_a_member() {
        store.write(w -> w.bulk().putUsers(users("u", 2)));
        store.write(w -> w.bulk().putGroups(List.of(new GroupWithMembers(group("g1", "Sales"), List.of(new Member("u0", Member.USER))))));

        store.write(w -> w.bulk().putGroups(List.of(
                new GroupWithMembers(group("g1", "Sales"), List.of(new Member("u1", Member.USER))),
                new GroupWithMembers(group("g1", "Sales"), List.of(new Member("u0", Member.USER), new Member("u1", Member.USER))))));

        assertThat(store.members("g1")).extracting(Member::id).containsExactly("u0", "u1");
        assertThat(taken(w -> w.bulk().addMembers(List.of(new Membership("g1", new Member("u0", Member.USER)))))).isZero();
    }

    @Test
    void assignments_and_kinds_are_read_for_the_whole_batch() {
        store.write(w -> {
            w.bulk().putUsers(users("u", 2));
            return w.bulk().putGroups(List.of(new GroupWithMembers(group("g1", "Sales"), List.of())));
        });
        AssignmentRow assignment = new AssignmentRow("crm", "u0", "User", "role", "a1");

        assertThat(taken(w -> w.bulk().addAssignments(List.of(assignment, assignment)))).isEqualTo(1);
        assertThat(taken(w -> w.bulk().addAssignments(List.of(assignment)))).isZero();
        assertThat(store.<Map<String, String>>write(w -> w.bulk().kindsOf(List.of("u1", "g1", "ghost", "u1"))))
                .isEqualTo(Map.of("u1", Member.USER, "g1", Member.GROUP));
    }

    @Test
    void concurrent_bulk_writers_each_take_one_contiguous_range_and_the_feed_stays_gap_free() throws Exception {
        int threads = 4;
        int batches = 8;
        int size = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                int committed = 0;
                for (int b = 0; b < batches; b++) {
                    List<UserRow> batch = users("t" + thread + "b" + b + "-", size);
                    if (b % 3 == 2) {
                        assertThatThrownBy(() -> store.write(w -> {
                            w.bulk().putUsers(batch);
                            throw new IllegalStateException("rolled back after taking " + size + " numbers");
                        })).hasMessageContaining("rolled back");
                    } else {
                        store.write(w -> w.bulk().putUsers(batch));
                        committed++;
                    }
                    String single = "t" + thread + "single" + b;
                    store.write(w -> w.putUser(user(single, "single", null)));
                }
                return committed;
            }));
        }
        int committed = 0;
        for (Future<Integer> writer : writers) {
            committed += writer.get();
        }
        pool.shutdown();

        long expected = (long) committed * size + (long) threads * batches;
        List<Change> changes = feed();
        assertThat(changes).extracting(Change::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(store.watermark()).isEqualTo(expected);
        Map<String, List<Long>> byBatch = changes.stream().filter(c -> c.objectId().contains("-"))
                .collect(Collectors.groupingBy(c -> c.objectId().substring(0, c.objectId().indexOf('-')),
                        Collectors.mapping(Change::seq, Collectors.toList())));
        assertThat(byBatch).hasSize(committed).allSatisfy((batch, seqs) ->
                assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).as(batch).isEqualTo(size - 1));
        assertThat(changes).filteredOn(c -> c.objectId().contains("b2-") || c.objectId().contains("b5-")).isEmpty();
    }
}
