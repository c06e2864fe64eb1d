package io.provisor.engine;

import io.provisor.directory.Directory;
import io.provisor.directory.SnapshotImporter;
import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PolicyEngine#outcomes} comes to what the full decisions say, for every user of the samples' tenant. */
class OutcomesTest {

    static final String APP = "contoso-crm";

    @TempDir
    Path dir;

    @Test
    void outcomes_equal_the_action_code_and_cited_rules_of_full_decisions_linked_or_not() throws IOException {
        assertOutcomesEqualDecisions(new RuleLibrary(Path.of("rules")).loadAll().active(APP).orElseThrow());
    }

    @Test
    void outcomes_equal_full_decisions_when_a_finding_of_the_app_alone_stays_in_the_session_from_user_to_user() throws IOException {
        Path rules = io.provisor.TestRules.copyShipped(dir.resolve("all"));
        String appJson = Files.readString(rules.resolve(APP + "/app.json"));
        Files.writeString(rules.resolve(APP + "/app.json"), appJson.replace("\"assignedOnly\"", "\"all\""));
        RuleSet syncAll = new RuleLibrary(rules).loadAll().active(APP).orElseThrow();
        assertThat(syncAll.app().isSyncAll()).isTrue();

        assertOutcomesEqualDecisions(syncAll); // entitlement.sync-all holds on the app alone
    }

    @Test
    void a_tentative_decision_stands_as_the_full_one_or_carries_its_outcome_and_writes() throws IOException {
        RuleSet rules = new RuleLibrary(Path.of("rules")).loadAll().active(APP).orElseThrow();
        List<EvaluationInput> inputs = inputs(rules);
        PolicyEngine engine = new PolicyEngine();
        int provisional = 0;
        for (EvaluationInput input : inputs) {
            Verdict full = engine.decide(rules, input);
            Decision decision = full.decision();
            Tentative tentative = engine.decideUnless(rules, input, outcome -> outcome.action() == Action.CREATE);

            assertThat(tentative.outcome()).isEqualTo(new Outcome(decision.action(), decision.code(),
                    decision.reasons().stream().map(Reason::ruleId).toList()));
            assertThat(tentative.writes()).isEqualTo(full.writes());
            assertThat(tentative.stands()).as(decision.userId()).isEqualTo(decision.action() != Action.CREATE);
            if (tentative.stands()) {
                Decision stands = tentative.verdict().decision();
                assertThat(stands.decisionId()).isNotEqualTo(decision.decisionId());
                assertThat(stands).usingRecursiveComparison().ignoringFields("decisionId").isEqualTo(decision);
            } else {
                provisional++;
                assertThat(tentative.writes()).as("a create writes its mapped attributes").isNotEmpty();
            }
        }
        assertThat(provisional).isPositive().isLessThan(inputs.size());
    }

    private void assertOutcomesEqualDecisions(RuleSet rules) throws IOException {
        List<EvaluationInput> inputs = inputs(rules);
        PolicyEngine engine = new PolicyEngine();

        List<Outcome> outcomes = engine.outcomes(rules, inputs);
        List<Decision> decisions = engine.evaluateAll(rules, inputs);

        assertThat(outcomes).hasSameSizeAs(decisions);
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            assertThat(outcomes.get(i)).as(decision.userId() + " " + inputs.get(i).target())
                    .isEqualTo(new Outcome(decision.action(), decision.code(), decision.reasons().stream().map(Reason::ruleId).toList()));
        }
        Set<Action> actions = decisions.stream().map(Decision::action).collect(Collectors.toSet());
        assertThat(actions).as("the tenant exercises every kind of outcome").contains(Action.CREATE, Action.SKIP, Action.DISABLE);
        assertThat(decisions).anySatisfy(d -> assertThat(d.reasons()).hasSizeGreaterThan(1));

        // pooled sessions are reset between users: deciding in the opposite order changes no one's outcome
        List<EvaluationInput> reversed = new ArrayList<>(inputs);
        java.util.Collections.reverse(reversed);
        List<Outcome> backwards = new ArrayList<>(engine.outcomes(rules, reversed));
        java.util.Collections.reverse(backwards);
        assertThat(backwards).isEqualTo(outcomes);
    }

    /** Every user of the samples' tenant twice: never provisioned, and linked to an account (so disables and deletes come up). */
    private List<EvaluationInput> inputs(RuleSet rules) throws IOException {
        List<EvaluationInput> inputs = new ArrayList<>();
        try (Database database = Database.open(TestDatabases.h2(dir.resolve("store-" + rules.revision())))) {
            Directory directory = new Directory(new DirectoryStore(database));
            try (InputStream in = Files.newInputStream(Path.of("samples/tenant.json"))) {
                new SnapshotImporter(directory, 500).importJson(in);
            }
            List<String> userIds = new ArrayList<>();
            new Candidates(database).users(APP, true, null, userIds::add);
            Map<String, TargetState> linked = new HashMap<>();
            userIds.forEach(id -> linked.put(id, TargetState.linked("t-" + id, Map.of("userName", id, "active", true))));
            inputs.addAll(directory.factsBatch(APP, userIds, Map.of()).values());
            inputs.addAll(directory.factsBatch(APP, userIds, linked).values());
        }
        return inputs;
    }
}
