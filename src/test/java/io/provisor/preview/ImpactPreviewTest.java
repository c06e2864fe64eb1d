package io.provisor.preview;

import io.provisor.TestRules;
import io.provisor.directory.Directory;
import io.provisor.directory.SnapshotImporter;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.Outcome;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Action;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.TargetState;
import io.provisor.store.Candidates;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.JobRows.Link;
import io.provisor.store.JobStore;
import io.provisor.store.ObjectCommit;
import io.provisor.store.PreviewStore;
import io.provisor.store.PreviewStore.Change;
import io.provisor.store.PreviewStore.Preview;
import io.provisor.store.TestDatabases;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which users a preview decides, against deciding every user of the samples' tenant under both sets. */
class ImpactPreviewTest {

    static final String APP = "contoso-crm";
    /** Entitles every Sales user whether assigned or not, and excludes account executives. */
    static final String PROPOSED = TestRules.HEADER
            + TestRules.rule("entitlement.all-of-sales", "User(department == \"Sales\")", "insertLogical(new Entitled());")
            + TestRules.rule("entitlement.no-account-executives", "User(jobTitle == \"Account Executive\")",
                    "insertLogical(new NotEntitled());");

    @TempDir
    Path dir;
    Database database;
    Directory directory;
    JobStore jobs;
    Candidates candidates;
    RuleLibrary library;
    ImpactPreview previews;

    @BeforeEach
    void tenant() throws Exception {
        database = Database.open(TestDatabases.h2(dir));
        directory = new Directory(new DirectoryStore(database));
        try (InputStream in = Files.newInputStream(Path.of("samples/tenant.json"))) {
            new SnapshotImporter(directory, 500).importJson(in);
        }
        jobs = new JobStore(database);
        candidates = new Candidates(database);
        library = new RuleLibrary(TestRules.copyShipped(dir)).loadAll();
        previews = new ImpactPreview(library, directory, jobs, candidates, new PreviewStore(database), new PolicyEngine(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void users_neither_assigned_nor_linked_are_counted_not_decided_and_no_set_could_act_on_them() throws Exception {
        String linkedUnassigned = unassigned().get(0);
        jobs.commit(new ObjectCommit(APP, "User", linkedUnassigned, new Link(APP, "User", linkedUnassigned, "t-1", "linked",
                Instant.now(), "c1"), false, null, null, null, List.of()));
        Map<String, String> files = previews.overlay(APP, Map.of(APP + "/proposed.drl", PROPOSED));

        Preview preview = previews.run(APP, files);

        long all = candidates.countDirectoryUsers();
        long decided = candidates.countUsers(APP, false);
        assertThat(decided).as("the samples' tenant has unassigned users").isLessThan(all);
        assertThat(preview.evaluated()).isEqualTo(decided);
        assertThat(preview.notAssigned()).isEqualTo(all - decided);
        // every user decided under both sets: the ones left out change no account, whatever the proposed rules say
        Map<String, Outcome[]> everyone = decideEveryone(files, Map.of(linkedUnassigned, TargetState.linked("t-1", Map.of("active", true))));
        Set<String> leftOut = new HashSet<>(everyone.keySet());
        candidates.users(APP, false, null, leftOut::remove);
        assertThat(leftOut).hasSize((int) preview.notAssigned()).doesNotContain(linkedUnassigned);
        leftOut.forEach(id -> {
            assertThat(everyone.get(id)[0].action()).as(id).isEqualTo(Action.SKIP);
            assertThat(everyone.get(id)[1].action()).as(id + " under the set that entitles all of Sales").isEqualTo(Action.SKIP);
        });
        Set<String> changedActions = new HashSet<>();
        everyone.forEach((id, pair) -> {
            if (pair[0].action() != pair[1].action()) {
                changedActions.add(id);
            }
        });
        assertThat(changedActions).isNotEmpty();
        assertThat(changes(preview).stream().map(Change::userId).toList()).containsAll(changedActions);
    }

    @Test
    void a_proposed_scope_of_all_decides_every_user() throws Exception {
        String appJson = Files.readString(dir.resolve("rules/" + APP + "/app.json"));
        assertThat(appJson).contains("\"scope\": \"assignedOnly\"");
        Map<String, String> files = previews.overlay(APP, Map.of(APP + "/app.json", appJson.replace("\"assignedOnly\"", "\"all\"")));

        Preview preview = previews.run(APP, files);

        assertThat(preview.evaluated()).isEqualTo(candidates.countDirectoryUsers());
        assertThat(preview.notAssigned()).isZero();
        assertThat(changes(preview)).anySatisfy(change -> {
            assertThat(unassigned()).contains(change.userId());
            assertThat(change.oldCode()).isEqualTo("NotAssigned");
        });
    }

    @Test
    void a_batch_that_fails_fails_the_preview_and_leaves_none_of_its_changed_users_behind() throws Exception {
        // 2,000 more users, in five batches; the stored document of a user of the second is not JSON, so that batch cannot
        // be read. One thread with room for two batches: the first has written its changed users by then, and the preview
        // used to go on handing out batches after a failure it did not look at, and finish without that batch
        importGenerated(2_000);
        database.transaction(connection -> {
            try (var statement = connection.prepareStatement("UPDATE directory_user_document SET document = 'not json'"
                    + " WHERE user_key = (SELECT user_key FROM directory_user WHERE id = ?)")) {
                statement.setString(1, generated(700));
                return statement.executeUpdate();
            }
        });
        PreviewStore store = new PreviewStore(database);
        ImpactPreview oneThread = new ImpactPreview(library, directory, jobs, candidates, store, new PolicyEngine(), Clock.systemUTC(), 1);
        long rowsBefore = changeRows();

        assertThatThrownBy(() -> oneThread.run(APP, scopeAll(oneThread, Map.of()))).isInstanceOf(RuntimeException.class);

        assertThat(changeRows()).as("the failed preview's changed users are gone").isEqualTo(rowsBefore);
    }

    @Test
    void users_the_proposed_rules_fail_on_are_changes_to_none_with_the_failing_rule_and_the_rest_are_decided() throws Exception {
        importGenerated(600);
        Map<String, String> failing = Map.of(APP + "/failing.drl", TestRules.failingOn("entitlement.fails-on-one-user",
                "id == \"" + generated(7) + "\""));

        Preview preview = previews.run(APP, scopeAll(previews, failing));
        Preview without = previews.run(APP, scopeAll(previews, Map.of()));

        assertThat(preview.evaluated()).isEqualTo(without.evaluated()).isGreaterThan(600);
        assertThat(changes(preview)).filteredOn(change -> change.userId().equals(generated(7))).singleElement().satisfies(change -> {
            assertThat(change.newAction()).isEqualTo("none");
            assertThat(change.newCode()).isEqualTo("RuleFailed");
            assertThat(change.ruleId()).isEqualTo("entitlement.fails-on-one-user");
        });
        assertThat(preview.changed()).isEqualTo(without.changed());
    }

    @Test
    void the_fix_for_an_active_rule_that_fails_can_be_previewed_and_shows_the_users_it_frees() throws Exception {
        Path activeFailing = dir.resolve("rules/" + APP + "/failing.drl");
        Files.writeString(activeFailing, TestRules.failingOn("entitlement.fails-on-sales", "department == \"Sales\""));
        library.reload(APP);

        Preview fixed = previews.run(APP, previews.overlay(APP, Map.of(APP + "/failing.drl", TestRules.HEADER)));

        assertThat(changes(fixed)).isNotEmpty().allSatisfy(change -> {
            assertThat(change.oldAction()).isEqualTo("none");
            assertThat(change.oldCode()).isEqualTo("RuleFailed");
        });
        assertThat(fixed.transitions()).contains("none → create");
    }

    private static String generated(int i) {
        return String.format("00000000-0000-0000-0000-%012d", i);
    }

    /** {@code count} Sales users with ids in {@link #generated} order, none of them assigned. */
    private void importGenerated(int count) throws Exception {
        StringBuilder users = new StringBuilder("{\"users\": [");
        for (int i = 0; i < count; i++) {
            users.append(i == 0 ? "" : ",").append("{\"id\": \"").append(generated(i)).append("\", \"userPrincipalName\": \"u").append(i)
                    .append("@contoso.com\", \"displayName\": \"User ").append(i).append("\", \"department\": \"Sales\",")
                    .append(" \"accountEnabled\": true}");
        }
        new SnapshotImporter(directory, 500).importJson(new java.io.ByteArrayInputStream(
                users.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The app's files with scope "all" (every directory user decided), and {@code more} laid over them. */
    private Map<String, String> scopeAll(ImpactPreview preview, Map<String, String> more) throws Exception {
        String appJson = Files.readString(dir.resolve("rules/" + APP + "/app.json"));
        Map<String, String> files = new HashMap<>(more);
        files.put(APP + "/app.json", appJson.replace("\"assignedOnly\"", "\"all\""));
        return preview.overlay(APP, files);
    }

    private long changeRows() throws Exception {
        return database.transaction(connection -> {
            try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT COUNT(*) FROM rule_preview_change")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Directory users outside the app's assignments, in id order. */
    private List<String> unassigned() {
        Set<String> assigned = new HashSet<>();
        candidates.users(APP, false, null, assigned::add);
        List<String> all = new ArrayList<>();
        candidates.users(APP, true, null, all::add);
        all.removeAll(assigned);
        return all;
    }

    /** Every user's outcome under the active set and under {@code files}. */
    private Map<String, Outcome[]> decideEveryone(Map<String, String> files, Map<String, TargetState> targets) throws Exception {
        List<RuleFile> ruleFiles = new ArrayList<>(library.commonFiles());
        files.forEach((path, text) -> ruleFiles.add(RuleFile.of(path, text)));
        RuleSet proposed = library.check(APP, ruleFiles);
        RuleSet active = library.active(APP).orElseThrow();
        List<String> ids = new ArrayList<>();
        candidates.users(APP, true, null, ids::add);
        Map<String, EvaluationInput> facts = directory.factsBatch(APP, ids, targets);
        List<EvaluationInput> inputs = List.copyOf(facts.values());
        PolicyEngine engine = new PolicyEngine();
        List<Outcome> before = engine.outcomes(active, inputs);
        List<Outcome> after = engine.outcomes(proposed, inputs);
        Map<String, Outcome[]> outcomes = new HashMap<>();
        List<String> found = List.copyOf(facts.keySet());
        for (int i = 0; i < found.size(); i++) {
            outcomes.put(found.get(i), new Outcome[] {before.get(i), after.get(i)});
        }
        return outcomes;
    }

    private List<Change> changes(Preview preview) {
        return new PreviewStore(database).changes(preview.id(), null, 1000);
    }
}
