package io.provisor.engine;

import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleInfo;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One dynamic test per scenario file under {@code src/test/resources/scenarios}, then the rule-coverage
 * check: every shipped rule (common and the samples' app) must be cited by some scenario's decision.
 */
class ScenarioTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    private final Set<String> cited = ConcurrentHashMap.newKeySet();
    private final PolicyEngine engine = new PolicyEngine();

    @TestFactory
    Stream<DynamicTest> every_scenario_gets_its_expected_decision() throws Exception {
        Stream<DynamicTest> scenarios = Scenario.all(SCENARIOS).stream().map(file -> DynamicTest.dynamicTest(
                SCENARIOS.relativize(file).toString(), file.toUri(), () -> {
                    Scenario scenario = Scenario.load(file);
                    assertThat(scenario.json().path("source").asText()).as("scenario cites its source").isNotBlank();
                    RuleSet rules = scenario.ruleSet();
                    Decision decision = engine.evaluate(rules, scenario.input());
                    decision.reasons().stream().map(Reason::ruleId).forEach(cited::add);
                    scenario.verify(decision);
                }));
        return Stream.concat(scenarios, Stream.of(DynamicTest.dynamicTest("every shipped rule is cited by a scenario",
                this::every_shipped_rule_is_cited)));
    }

    private void every_shipped_rule_is_cited() {
        RuleSet shipped = new RuleLibrary(Scenario.RULES).loadAll().active("contoso-crm").orElseThrow();
        Set<String> uncited = new TreeSet<>();
        for (RuleInfo rule : shipped.rules().values()) {
            if (!cited.contains(rule.id())) {
                uncited.add(rule.id() + " (" + rule.file() + ":" + rule.line() + ")");
            }
        }
        assertThat(uncited).as("shipped rules that fired in no scenario").isEmpty();
    }
}
