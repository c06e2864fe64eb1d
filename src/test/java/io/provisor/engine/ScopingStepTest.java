package io.provisor.engine;

import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.model.StepType;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoping step of every samples user's explanation, checked against what the input says on its own: each of the
 * app's filters in order, passed exactly when all its clauses are true, assignment through the user or a group the
 * user is a direct member of, and reasons with the user's label filled in.
 */
class ScopingStepTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void the_scoping_step_reports_each_filter_and_the_assignment_as_the_input_has_them() throws Exception {
        RuleSet rules = new RuleLibrary(Path.of("rules")).loadAll().active("contoso-crm").orElseThrow();
        List<String> titles = rules.app().scopingFilters().stream().map(filter -> filter.title()).toList();
        assertThat(titles).hasSize(2);
        PolicyEngine engine = new PolicyEngine();
        int passedSome = 0;
        int failedAll = 0;
        for (EvaluationInput input : SampleUsers.of(dir)) {
            Decision decision = engine.evaluate(rules, input);
            Step scoping = decision.steps().stream().filter(step -> step.type() == StepType.SCOPING).findFirst().orElseThrow();
            String who = input.user().id();
            assertThat(scoping.description()).as(who).endsWith("2 scoping filter(s)");
            assertThat(scoping.details()).as(who).containsEntry("Assigned", assigned(input));

            Map<String, Object> results = (Map<String, Object>) scoping.details().get("ScopeEvaluationResult");
            assertThat(results.keySet()).as(who).containsExactlyElementsOf(titles);
            boolean anyPassed = false;
            for (Object value : results.values()) {
                Map<String, Object> result = (Map<String, Object>) value;
                List<String> clauses = (List<String>) result.get("clauses");
                assertThat(clauses).as(who).isNotEmpty();
                boolean allTrue = clauses.stream().allMatch(clause -> clause.contains("` is true ("));
                assertThat(result.get("passed")).as(who + ": " + clauses).isEqualTo(allTrue);
                assertThat(rules.rule((String) result.get("rule")).isScopingFilter()).isTrue();
                anyPassed |= allTrue;
            }
            passedSome += anyPassed ? 1 : 0;
            if (!anyPassed && input.user().isActive() && assigned(input)) {
                failedAll++;
                assertThat(decision.reasons()).extracting(Reason::message).as(who)
                        .anySatisfy(message -> assertThat(message).startsWith("`" + input.user().label() + "` fails "));
            }
            assertThat(decision.reasons()).as(who).allSatisfy(reason -> {
                assertThat(reason.message()).doesNotContain("{user}", "{app}");
                assertThat(reason.fix() == null ? "" : reason.fix()).doesNotContain("{user}", "{app}");
            });
        }
        assertThat(passedSome).as("samples users in scope").isPositive();
        assertThat(failedAll).as("assigned, active samples users out of scope").isPositive();
    }

    /** Assigned directly, or through a group the user is a direct member of. */
    private static boolean assigned(EvaluationInput input) {
        String userId = input.user().id();
        for (AppRoleAssignment assignment : input.assignments()) {
            if (assignment.isForUser() ? userId.equals(assignment.principalId())
                    : input.groups().stream().anyMatch(g -> g.id().equals(assignment.principalId()) && g.members().contains(userId))) {
                return true;
            }
        }
        return false;
    }
}
