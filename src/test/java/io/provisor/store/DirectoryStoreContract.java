package io.provisor.store;

import io.provisor.model.Change;
import io.provisor.store.Rows.AssignmentRow;
import io.provisor.store.Rows.Member;
import io.provisor.store.Rows.UserRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same behaviour on every database: run by {@link H2DirectoryStoreTest} and {@link PostgresDirectoryStoreTest}. */
abstract class DirectoryStoreContract {

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

    static UserRow user(String id, String displayName) {
        String document = "{\"id\":\"" + id + "\",\"displayName\":\"" + displayName + "\"}";
        return new UserRow(id, id + "@contoso.com", null, displayName, null, null, document, Integer.toHexString(document.hashCode()));
    }

    java.util.Set<String> indexes(String table) {
        return database.transaction(connection -> TestDatabases.indexes(connection, table));
    }

    /** Users u1..u{@code count}, each written in a transaction of its own (changes 1..count); returns a job store. */
    JobStore usersChangedOneByOne(int count) {
        for (int i = 1; i <= count; i++) {
            String id = "u" + i;
            store.write(w -> w.putUser(user(id, "User " + id)));
        }
        return new JobStore(database);
    }

    @Test
    void old_changes_every_app_has_read_are_purged_and_a_reader_behind_the_purge_is_told() {
        JobStore jobs = usersChangedOneByOne(5);
        jobs.saveJob(JobRows.Job.notRun("a").withWatermark(3L, "r1"));
        jobs.saveJob(JobRows.Job.notRun("b").withWatermark(5L, "r1"));
        jobs.saveJob(JobRows.Job.notRun("c")); // never run: an initial cycle reads no changes
        List<String> apps = List.of("a", "b", "c");
        Instant later = Instant.now().plusSeconds(86_400); // every change is older than this

        assertThat(store.purgeChangesOlderThan(Instant.now().minusSeconds(86_400), 10, apps)).as("none that old").isZero();
        assertThat(store.purgeChangesOlderThan(later, 2, apps)).isEqualTo(2);
        assertThat(store.purgeChangesOlderThan(later, 2, apps)).as("up to app a's watermark, 3").isEqualTo(1);
        assertThat(store.purgeChangesOlderThan(later, 2, apps)).isZero();

        assertThat(store.changes(3, 10)).extracting(Change::seq).containsExactly(4L, 5L);
        assertThat(store.changesPurgedAfter(3)).isFalse();
        assertThat(store.changesPurgedAfter(2)).isTrue();
        assertThatThrownBy(() -> store.changes(2, 10)).isInstanceOf(ChangesPurged.class)
                .hasMessageContaining("the oldest change kept is 4");

        jobs.saveJob(jobs.job("a").orElseThrow().withWatermark(5L, "r1"));
        assertThat(store.purgeChangesOlderThan(later, 10, apps)).isEqualTo(2);
        assertThat(store.changes(5, 10)).as("nothing left, and nothing missed after 5").isEmpty();
        assertThat(store.changesPurgedAfter(5)).as("read to the end").isFalse();
        assertThatThrownBy(() -> store.changes(4, 10)).isInstanceOf(ChangesPurged.class)
                .satisfies(e -> assertThat(((ChangesPurged) e).oldestKept()).isEqualTo(6));
        assertThat(store.write(w -> w.putUser(user("u6", "User u6"))).seq()).as("numbering goes on past the purge").isEqualTo(6);
    }

    @Test
    void a_disabled_job_or_an_app_no_longer_configured_holds_no_changes_back() {
        JobStore jobs = usersChangedOneByOne(4);
        jobs.saveJob(JobRows.Job.notRun("running").withWatermark(4L, "r1"));
        jobs.saveJob(JobRows.Job.notRun("paused").withWatermark(2L, "r1").withState("Paused"));
        jobs.saveJob(JobRows.Job.notRun("given-up").withWatermark(1L, "r1").withState("Disabled"));
        jobs.saveJob(JobRows.Job.notRun("removed").withWatermark(0L, "r1"));
        Instant later = Instant.now().plusSeconds(86_400);

        assertThat(store.purgeChangesOlderThan(later, 10, List.of("running", "paused", "given-up")))
                .as("the paused job holds the purge at its watermark, 2; the disabled and the removed app do not").isEqualTo(2);
        assertThat(store.changesPurgedAfter(2)).isFalse();
        assertThat(store.changesPurgedAfter(1)).as("the disabled job starts over when it runs again").isTrue();
        assertThat(store.changesPurgedAfter(0)).isTrue();

        assertThat(store.purgeChangesOlderThan(later, 10, List.of("running"))).as("once the paused app is removed too").isEqualTo(2);
        assertThat(store.changesPurgedAfter(4)).isFalse();
    }

    @Test
    void a_bulk_load_drops_the_secondary_indexes_and_the_store_builds_them_again_when_it_opens() {
        java.util.Map<String, java.util.List<String>> users = database.transaction(c -> TestDatabases.indexColumns(c, "directory_user"));
        java.util.Map<String, java.util.List<String>> members = database.transaction(c -> TestDatabases.indexColumns(c, "group_member"));
        assertThat(members.get("group_member_member")).as("V6").containsExactly("member_id", "group_id");
        assertThat(users).as("V7: the primary key alone").hasSize(1);
        assertThat(store.beginBulkLoad()).isPresent();
        assertThat(indexes("group_member")).doesNotContain("group_member_member");
        assertThat(indexes("directory_user")).as("H2 loads users without their id key, PostgreSQL keeps it")
                .hasSize(database.dialect() == Dialect.H2 ? 0 : 1);

        // as after a process killed in the middle of the load
        database.close();
        database = Database.open(settings);
        store = new DirectoryStore(database);

        assertThat(indexes("group_member")).contains("group_member_member");
        java.util.Map<String, java.util.List<String>> usersRebuilt = database.transaction(c -> TestDatabases.indexColumns(c, "directory_user"));
        java.util.Map<String, java.util.List<String>> membersRebuilt = database.transaction(c -> TestDatabases.indexColumns(c, "group_member"));
        // H2 names a key it builds again after its constraint, not as the migration named it
        assertThat(usersRebuilt.values()).as("as the migrations made them").containsExactlyInAnyOrderElementsOf(users.values());
        assertThat(membersRebuilt).as("as the migrations made them").isEqualTo(members);
    }

    @Test
    void writes_go_on_while_indexes_are_dropped_and_built() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<?> writing = executor.submit(() -> {
            for (int i = 0; i < 1000; i++) {
                String id = "u" + i;
                store.write(w -> w.putUser(user(id, "User " + id)));
            }
        });
        while (!writing.isDone()) {
            database.changeIndexes(connection -> {
                DeferredIndexes.drop(connection, database.dialect());
                return null;
            });
            store.buildIndexes();
        }
        writing.get();
        executor.shutdown();

        assertThat(store.watermark()).isEqualTo(1000);
        assertThat(indexes("group_member")).contains("group_member_member");
    }

    @Test
    void a_bulk_load_starts_only_in_an_empty_directory() {
        store.write(w -> w.putUser(user("u1", "Ada")));
        assertThat(store.beginBulkLoad()).isEmpty();
        assertThat(indexes("group_member")).contains("group_member_member");
    }

    @Test
    void a_new_user_takes_the_next_change_number_and_the_same_content_takes_none() {
        assertThat(store.write(w -> w.putUser(user("u1", "Ada"))).seq()).isEqualTo(1);
        assertThat(store.write(w -> w.putUser(user("u1", "Ada"))).changed()).isFalse();
        assertThat(store.write(w -> w.putUser(user("u1", "Ada Lovelace"))).seq()).isEqualTo(2);
        assertThat(store.changes(0, 10)).extracting(Change::type).containsExactly(Change.Type.CREATE, Change.Type.UPDATE);
        assertThat(store.user("u1")).hasValueSatisfying(row -> assertThat(row.displayName()).isEqualTo("Ada Lovelace"));
    }

    @Test
    void soft_delete_and_restore_are_changes_of_their_own() {
        store.write(w -> w.putUser(user("u1", "Ada")));
        store.write(w -> w.softDelete(Change.ObjectType.USER, "u1", Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(store.user("u1").orElseThrow().deletedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(store.write(w -> w.softDelete(Change.ObjectType.USER, "u1", Instant.now())).changed()).isFalse();
        store.write(w -> w.restore(Change.ObjectType.USER, "u1"));
        assertThat(store.user("u1").orElseThrow().deletedAt()).isNull();
        assertThat(store.changes(0, 10)).extracting(Change::type)
                .containsExactly(Change.Type.CREATE, Change.Type.SOFT_DELETE, Change.Type.RESTORE);
    }

    @Test
    void a_hard_delete_removes_memberships_and_assignments_each_as_a_change() {
        store.write(w -> {
            w.putUser(user("u1", "Ada"));
            w.putGroup(new Rows.GroupRow("g1", "Sales", null, null, true, null, "{}", "h"));
            w.setMembers("g1", List.of(new Member("u1", Member.USER)));
            return w.addAssignment(new AssignmentRow("crm", "u1", "User", "role", null));
        });
        long before = store.watermark();

        store.write(w -> w.hardDelete(Change.ObjectType.USER, "u1"));

        assertThat(store.user("u1")).isEmpty();
        assertThat(store.members("g1")).isEmpty();
        assertThat(store.assignments("crm", List.of("u1"))).isEmpty();
        assertThat(store.changes(before, 10)).extracting(Change::type)
                .containsExactly(Change.Type.MEMBER_REMOVE, Change.Type.ASSIGNMENT_REMOVE, Change.Type.HARD_DELETE);
    }

    @Test
    void setting_members_records_only_what_differs() {
        store.write(w -> {
            w.putUser(user("u1", "Ada"));
            w.putUser(user("u2", "Bob"));
            w.putGroup(new Rows.GroupRow("g1", "Sales", null, null, true, null, "{}", "h"));
            return w.setMembers("g1", List.of(new Member("u1", Member.USER)));
        });
        long before = store.watermark();
        store.write(w -> w.setMembers("g1", List.of(new Member("u1", Member.USER), new Member("u2", Member.USER))));
        store.write(w -> w.setMembers("g1", List.of(new Member("u2", Member.USER))));

        assertThat(store.changes(before, 10)).extracting(Change::type, Change::relatedId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.Type.MEMBER_ADD, "u2"),
                org.assertj.core.groups.Tuple.tuple(Change.Type.MEMBER_REMOVE, "u1"));
        assertThat(store.groupsContaining(List.of("u2"))).containsExactly("g1");
    }

    @Test
    void a_rolled_back_change_gives_its_number_back() {
        store.write(w -> w.putUser(user("u1", "Ada")));
        assertThatThrownBy(() -> store.write(w -> {
            w.putUser(user("u2", "Bob"));
            throw new IllegalStateException("crash in the middle of a batch");
        })).hasMessageContaining("crash");
        store.write(w -> w.putUser(user("u3", "Cy")));

        assertThat(store.user("u2")).isEmpty();
        assertThat(store.changes(0, 10)).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(store.changes(0, 10)).extracting(Change::objectId).containsExactly("u1", "u3");
    }

    @Test
    void concurrent_writers_keep_the_sequence_gap_free() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    String id = "u" + thread + "-" + i;
                    store.write(w -> w.putUser(user(id, "User " + id)));
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();

        List<Change> changes = store.changes(0, 1000);
        assertThat(changes).extracting(Change::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(changes).extracting(Change::objectId).doesNotHaveDuplicates();
        assertThat(store.watermark()).isEqualTo(200);
    }

    @Test
    void changes_are_read_in_pages_after_a_watermark() {
        for (int i = 0; i < 5; i++) {
            String id = "u" + i;
            store.write(w -> w.putUser(user(id, id)));
        }
        assertThat(store.changes(2, 2)).extracting(Change::seq).containsExactly(3L, 4L);
        assertThat(store.changes(5, 2)).isEmpty();
    }
}
