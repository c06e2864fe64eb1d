package io.provisor.policytest;

import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples' app ships with policy tests in rules/contoso-crm/tests: they pass and cover what can fire. */
class ShippedPolicyTestsTest {

    static final Path RULES = Path.of("rules");
    static final String APP = "contoso-crm";

    @Test
    void the_samples_app_passes_its_shipped_tests_and_they_cover_every_rule_its_settings_let_fire() throws Exception {
        RuleSet rules = new RuleLibrary(RULES).reload(APP);
        TestReport report = new PolicyTests(new PolicyEngine()).run(rules, TestCaseReader.readFolder(RULES, APP));
        assertThat(report.results()).hasSizeGreaterThanOrEqualTo(20)
                .allSatisfy(result -> assertThat(result.passed()).as(result.name() + " at " + result.source() + ": " + result).isTrue());
        assertThat(report.results()).as("every shipped test pins the rule that decides")
                .allSatisfy(result -> assertThat(result.expected().rule()).as(result.name()).isNotNull());
        // contoso-crm is scoped to assigned users, allows every target action and disables users who leave
        // scope: the rules that guard the other settings cannot fire for it.
        assertThat(report.uncovered()).extracting(UncoveredRule::id).containsExactly(
                "entitlement.sync-all",
                "processing.create-not-enabled",
                "processing.update-not-enabled",
                "processing.out-of-scope-kept",
                "processing.disable-not-enabled",
                "processing.delete-not-enabled");
    }
}
