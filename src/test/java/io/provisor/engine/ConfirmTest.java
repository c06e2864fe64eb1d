package io.provisor.engine;

import io.provisor.model.Action;
import io.provisor.model.Decision;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.TargetObject;
import io.provisor.rules.facts.TargetState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PolicyEngine#confirm} comes to exactly the decision made afresh with the target's answer, whether
 * it reuses the provisional decision's findings (nothing found) or fires again (an account found).
 */
class ConfirmTest {

    @TempDir
    Path dir;

    @Test
    void confirming_a_provisional_decision_equals_deciding_again_with_the_targets_answer() throws Exception {
        RuleSet rules = new RuleLibrary(Path.of("rules")).loadAll().active("contoso-crm").orElseThrow();
        PolicyEngine engine = new PolicyEngine();
        int confirmed = 0;
        for (EvaluationInput unlinked : SampleUsers.of(dir)) {
            Tentative first = engine.decideUnless(rules, unlinked, outcome -> outcome.action() == Action.CREATE);
            if (first.stands()) {
                continue;
            }
            TargetObject existing = new TargetObject("t-1", Map.of("userName", "someone", "active", true));
            for (TargetState answer : List.of(TargetState.found(List.of()), TargetState.found(List.of(existing)),
                    TargetState.found(List.of(existing, new TargetObject("t-2", Map.of()))))) {
                EvaluationInput after = new EvaluationInput(unlinked.user(), unlinked.groups(), unlinked.assignments(), answer);
                Decision again = engine.decide(rules, after).decision();
                Decision confirmation = engine.confirm(rules, first, after).decision();
                assertThat(confirmation).as(unlinked.user().id() + " with " + answer.getMatchCount() + " found")
                        .usingRecursiveComparison().ignoringFields("decisionId").isEqualTo(again);
            }
            // the lookup found nothing: the explanation says the target was asked, which the provisional one could not
            Decision none = engine.confirm(rules, first, new EvaluationInput(unlinked.user(), unlinked.groups(),
                    unlinked.assignments(), TargetState.found(List.of()))).decision();
            assertThat(none.steps()).anySatisfy(step -> assertThat(step.details()).containsEntry("TargetQueried", true));
            confirmed++;
        }
        assertThat(confirmed).isPositive();
    }
}
