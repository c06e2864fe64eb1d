package io.provisor.engine;

import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleSet;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** One dynamic test per scenario file under {@code src/test/resources/scenarios}. */
class ScenarioTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Set<String> RULES_SEEN = ConcurrentHashMap.newKeySet();
    private final PolicyEngine engine = new PolicyEngine();

    @TestFactory
    Stream<DynamicTest> every_scenario_gets_its_expected_decision() throws Exception {
        return Scenario.all(SCENARIOS).stream().map(file -> DynamicTest.dynamicTest(
                SCENARIOS.relativize(file).toString(), file.toUri(), () -> {
                    Scenario scenario = Scenario.load(file);
                    assertThat(scenario.json().path("source").asText()).as("scenario cites its source").isNotBlank();
                    RuleSet rules = scenario.ruleSet();
                    Decision decision = engine.evaluate(rules, scenario.input());
                    decision.reasons().stream().map(Reason::ruleId).forEach(RULES_SEEN::add);
                    scenario.verify(decision);
                }));
    }

    @AfterAll
    static void keep_what_fired_for_the_coverage_test() {
        RuleCoverage.record(RULES_SEEN);
    }
}
