package io.provisor.store;

import io.provisor.model.LogEntry;
import io.provisor.model.StepStatus;
import io.provisor.store.JobRows.Escrow;
import io.provisor.store.JobRows.Job;
import io.provisor.store.JobRows.Journal;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobRows.QuarantineRow;
import io.provisor.store.JobRows.Staged;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Provisioning jobs' tables on every database: run by {@link H2JobStoreTest} and {@link PostgresJobStoreTest}. */
abstract class JobStoreContract {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    abstract StoreSettings settings();

    StoreSettings settings;
    Database database;
    JobStore jobs;

    @BeforeEach
    void open() {
        settings = settings();
        database = Database.open(settings);
        jobs = new JobStore(database);
    }

    @AfterEach
    void close() {
        database.close();
        TestDatabases.drop(settings);
    }

    @Test
    void a_job_round_trips_with_its_quarantine_and_clears_it() {
        assertThat(jobs.job("crm")).isEmpty();
        QuarantineRow quarantine = new QuarantineRow("TooManyDeletes", "12 held", NOW, NOW, null, 1);
        Job job = Job.notRun("crm").withState("Quarantine").withWatermark(42L, "rev1").withQuarantine(quarantine)
                .withCycle("c1", "INITIAL", "u-0042", NOW).withLastCycle("{\"outcome\":\"completed\"}");
        jobs.saveJob(job);
        assertThat(jobs.job("crm")).contains(job);

        jobs.saveJob(job.withQuarantine(null).withWatermark(null, "rev2"));
        Job read = jobs.job("crm").orElseThrow();
        assertThat(read.quarantine()).isNull();
        assertThat(read.watermark()).isNull();
        assertThat(read.revision()).isEqualTo("rev2");
    }

    @Test
    void an_object_commit_writes_link_escrow_staged_members_and_log_together_and_ends_the_journal() {
        jobs.begin(new Journal("crm", "User", "u1", "create", "c1", NOW));
        assertThat(jobs.unfinished("crm")).hasSize(1);
        Link link = new Link("crm", "User", "u1", "t-1", "Ada", NOW, "c1");
        Escrow escrow = new Escrow("crm", "User", "u1", 2, NOW, NOW.plusSeconds(60), "Timeout", "slow");
        jobs.commit(new ObjectCommit("crm", "User", "u1", link, false, escrow, null, null, List.of(log("u1", "c1"))));

        assertThat(jobs.link("crm", "User", "u1")).contains(link);
        assertThat(jobs.escrow("crm", "User", "u1")).contains(escrow);
        assertThat(jobs.unfinished("crm")).isEmpty();
        assertThat(jobs.loggedInCycle("crm", "c1", null)).containsExactly("u1");
        assertThat(jobs.loggedInCycle("crm", "c1", "u1")).as("only ids after the cursor").isEmpty();
        assertThat(jobs.loggedInCycle("crm", "c2", null)).isEmpty();
        assertThat(jobs.dueEscrows("crm", NOW, 10)).isEmpty();
        assertThat(jobs.dueEscrows("crm", NOW.plusSeconds(60), 10)).containsExactly(escrow);
        jobs.commit(new ObjectCommit("crm", "User", "u9", null, false, null, null, null, List.of(log("u9", "c1"))));
        assertThat(jobs.escrow("crm", "User", "u1")).as("another object's outcome leaves it").contains(escrow);
        jobs.commit(new ObjectCommit("crm", "User", "u1", link, false, null, null, null, List.of(log("u1", "c1"))));
        assertThat(jobs.escrow("crm", "User", "u1")).as("a later success in a transaction of its own ends it").isEmpty();

        Staged staged = new Staged("crm", "Group", "g1", "delete", "Sales", "GroupOutOfScope", null, "directory change 7", "c2", NOW);
        jobs.commit(new ObjectCommit("crm", "Group", "g1", new Link("crm", "Group", "g1", "tg", "Sales", NOW, "c2"), false, null,
                staged, Set.of("u1"), List.of()));
        assertThat(jobs.staged("crm")).containsExactly(staged);
        assertThat(jobs.groupMembers("crm", "g1")).containsExactly("u1");

        jobs.commit(new ObjectCommit("crm", "Group", "g1", null, true, null, null, null, List.of()));
        assertThat(jobs.link("crm", "Group", "g1")).isEmpty();
        assertThat(jobs.groupMembers("crm", "g1")).isEmpty();
        assertThat(jobs.staged("crm")).isEmpty();
        assertThat(jobs.linkCount("crm", "User")).isEqualTo(1);
    }

    @Test
    void outcomes_committed_together_land_as_if_one_by_one_even_when_an_object_comes_twice() {
        jobs.commit(new ObjectCommit("crm", "User", "u1", new Link("crm", "User", "u1", "t-old", "Ada", NOW.minusSeconds(600), "c0"),
                false, null, null, null, List.of()));
        jobs.beginAll(List.of(new Journal("crm", "User", "u1", "update", "c1", NOW), new Journal("crm", "User", "u2", "create", "c1", NOW),
                new Journal("crm", "Group", "g1", "create", "c1", NOW)));
        Escrow failed = new Escrow("crm", "User", "u2", 1, NOW, NOW.plusSeconds(60), "Timeout", "slow");

        jobs.commitAll(List.of(
                new ObjectCommit("crm", "User", "u1", new Link("crm", "User", "u1", "t-1", "Ada L", NOW, "c1"), false, null, null, null,
                        List.of(log("u1", "c1"))),
                new ObjectCommit("crm", "User", "u2", null, false, failed, null, null, List.of(log("u2", "c1"))),
                new ObjectCommit("crm", "Group", "g1", new Link("crm", "Group", "g1", "tg", "Sales", NOW, "c1"), false, null, null,
                        Set.of("u1", "u2"), List.of()),
                // u2 again in the same transaction: its retry succeeded, so the escrow above must go
                new ObjectCommit("crm", "User", "u2", new Link("crm", "User", "u2", "t-2", "Bo", NOW, "c1"), false, null, null, null,
                        List.of(log("u2", "c1")))));

        assertThat(jobs.link("crm", "User", "u1")).as("an existing link keeps when it was made")
                .contains(new Link("crm", "User", "u1", "t-1", "Ada L", NOW.minusSeconds(600), "c1"));
        assertThat(jobs.link("crm", "User", "u2")).contains(new Link("crm", "User", "u2", "t-2", "Bo", NOW, "c1"));
        assertThat(jobs.escrow("crm", "User", "u2")).isEmpty();
        assertThat(jobs.groupMembers("crm", "g1")).containsExactlyInAnyOrder("u1", "u2");
        assertThat(jobs.unfinished("crm")).isEmpty();
        assertThat(jobs.loggedInCycle("crm", "c1", null)).containsExactlyInAnyOrder("u1", "u2");
        assertThat(jobs.loggedInCycle("crm", "c1", "u1")).containsExactly("u2");
    }

    @Test
    void writes_journaled_together_are_all_unfinished_until_each_outcome_ends_its_own() {
        jobs.begin(new Journal("crm", "User", "u2", "update", "c0", NOW.minusSeconds(60)));
        jobs.beginAll(List.of(new Journal("crm", "User", "u1", "create", "c1", NOW), new Journal("crm", "User", "u2", "create", "c1", NOW),
                new Journal("crm", "User", "u3", "create", "c1", NOW)));

        assertThat(jobs.unfinished("crm")).extracting(Journal::sourceId, Journal::action, Journal::cycleId)
                .containsExactlyInAnyOrder(tuple("u1", "create", "c1"), tuple("u2", "create", "c1"), tuple("u3", "create", "c1"));
        jobs.commit(new ObjectCommit("crm", "User", "u2", new Link("crm", "User", "u2", "t-2", "Bo", NOW, "c1"), false, null, null, null,
                List.of(log("u2", "c1"))));
        assertThat(jobs.journals("crm", "User", List.of("u1", "u2", "u3", "u4"))).extracting(Journal::sourceId)
                .containsExactlyInAnyOrder("u1", "u3");
    }

    @Test
    void links_of_a_few_ids_and_of_many_are_the_linked_ones_among_them() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = String.format("u%03d", i);
            many.add(id);
            if (i % 3 == 0) {
                jobs.commit(new ObjectCommit("crm", "User", id, new Link("crm", "User", id, "t" + i, id, NOW, "c1"), false, null, null,
                        null, List.of()));
            }
        }
        jobs.commit(new ObjectCommit("hr", "User", "u001", new Link("hr", "User", "u001", "x", "u001", NOW, "c1"), false, null, null,
                null, List.of()));

        assertThat(jobs.links("crm", "User", List.of("u000", "u001", "u003"))).extracting(Link::targetId)
                .containsExactlyInAnyOrder("t0", "t3");
        assertThat(jobs.links("crm", "User", many)).hasSize(50).allMatch(link -> link.app().equals("crm"));
        List<String> more = new ArrayList<>(many); // thousands of ids, most without a link
        for (int i = 150; i < 2_500; i++) {
            more.add(String.format("u%04d", i));
        }
        more.add("u999"); // after the unlinked ones, in the last list
        jobs.commit(new ObjectCommit("crm", "User", "u999", new Link("crm", "User", "u999", "t999", "u999", NOW, "c1"), false, null,
                null, null, List.of()));
        assertThat(jobs.links("crm", "User", more)).hasSize(51).extracting(Link::targetId).contains("t0", "t999");
        assertThat(jobs.links("crm", "Group", List.of("u000"))).isEmpty();
    }

    @Test
    void a_commit_that_fails_leaves_nothing_behind() {
        jobs.begin(new Journal("crm", "User", "u1", "create", "c1", NOW));
        LogEntry entry = log("u1", "c1");
        jobs.commit(new ObjectCommit("crm", "User", "u0", null, false, null, null, null, List.of(entry)));
        Link link = new Link("crm", "User", "u1", "t-1", "Ada", NOW, "c1");

        // The same log id again violates the primary key: the link and journal change roll back with it.
        assertThatThrownBy(() -> jobs.commit(new ObjectCommit("crm", "User", "u1", link, false, null, null, null, List.of(entry))))
                .isInstanceOf(StoreException.class);

        assertThat(jobs.link("crm", "User", "u1")).isEmpty();
        assertThat(jobs.unfinished("crm")).hasSize(1);
    }

    @Test
    void connector_settings_and_secrets_are_kept_per_app() {
        jobs.saveConnectorSettings("crm", "{\"type\":\"scim\"}");
        jobs.saveConnectorSettings("crm", "{\"type\":\"scim\",\"baseUrl\":\"http://x\"}");
        jobs.saveSecret("crm", "TOKEN", "s3cret");
        assertThat(jobs.connectorSettings("crm")).contains("{\"type\":\"scim\",\"baseUrl\":\"http://x\"}");
        assertThat(jobs.secret("crm", "TOKEN")).contains("s3cret");
        assertThat(jobs.secret("other", "TOKEN")).isEmpty();
    }

    @Test
    void candidates_stream_assigned_users_direct_group_members_and_linked_users_in_id_order() {
        DirectoryStore directory = new DirectoryStore(database);
        List<String> ids = List.of("u1", "u2", "u3", "u4", "u5");
        directory.write(w -> {
            for (String id : ids) {
                w.putUser(DirectoryStoreContract.user(id, id));
            }
            w.putGroup(new Rows.GroupRow("g1", "G", null, null, true, null, "{\"id\":\"g1\"}", "h"));
            w.putGroup(new Rows.GroupRow("g2", "Nested", null, null, true, null, "{\"id\":\"g2\"}", "h2"));
            w.setMembers("g1", List.of(new Rows.Member("u2", "user"), new Rows.Member("g2", "group")));
            w.setMembers("g2", List.of(new Rows.Member("u3", "user")));
            w.addAssignment(new Rows.AssignmentRow("crm", "u1", "User", "r", null));
            w.addAssignment(new Rows.AssignmentRow("crm", "g1", "Group", "r", null));
            return null;
        });
        jobs.commit(new ObjectCommit("crm", "User", "u5", new Link("crm", "User", "u5", "t5", "u5", NOW, "c"), false, null, null,
                null, List.of()));
        Candidates candidates = new Candidates(database);

        List<String> assigned = new ArrayList<>();
        candidates.users("crm", false, null, assigned::add);
        List<String> resumed = new ArrayList<>();
        candidates.users("crm", false, "u1", resumed::add);
        List<String> all = new ArrayList<>();
        candidates.users("crm", true, null, all::add);

        assertThat(assigned).containsExactly("u1", "u2", "u5");
        assertThat(resumed).containsExactly("u2", "u5");
        assertThat(all).containsExactlyElementsOf(ids);
        assertThat(candidates.countUsers("crm", false)).isEqualTo(3);
        List<String> groups = new ArrayList<>();
        candidates.groups("crm", false, groups::add);
        assertThat(groups).containsExactly("g1");
    }

    static LogEntry log(String sourceId, String cycleId) {
        return new LogEntry(java.util.UUID.randomUUID().toString(), NOW.truncatedTo(ChronoUnit.MILLIS), "crm", cycleId, null,
                LogEntry.LoggedAction.CREATE, StepStatus.SUCCESS, "NoMatchFound", "EntryExportAdd", null, List.of(), List.of(),
                new LogEntry.Identity(sourceId, "Ada", "ada@contoso.com", "User"), null, "rev1", 3);
    }
}
