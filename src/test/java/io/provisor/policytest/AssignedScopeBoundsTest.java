package io.provisor.policytest;

import io.provisor.TestRules;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Action;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.provisor.policytest.PolicyTestsTest.APP;
import static io.provisor.policytest.PolicyTestsTest.SALES_US;
import static io.provisor.policytest.PolicyTestsTest.cases;
import static io.provisor.policytest.PolicyTestsTest.testCase;
import static org.assertj.core.api.Assertions.assertThat;

/** What no app rule can do, whatever it derives: the bounds cycles and previews rely on. */
class AssignedScopeBoundsTest {

    private final PolicyTests runner = new PolicyTests(new PolicyEngine());

    @Test
    void an_app_rule_that_entitles_an_unassigned_user_does_not_widen_an_assigned_scope() throws Exception {
        RuleSet rules = withAppRule(TestRules.rule("entitlement.all-of-sales", "User(department == \"Sales\")",
                "insertLogical(new Entitled());"));

        TestReport report = runner.run(rules, cases(testCase("unassigned alice", SALES_US, "",
                "{\"action\": \"skip\", \"code\": \"NotAssigned\"}")));

        assertThat(report.results().get(0).actual().action()).isEqualTo(Action.SKIP);
        assertThat(report.results().get(0).passed()).isTrue();
    }

    @Test
    void a_disable_or_delete_proposed_for_a_user_without_an_account_is_not_taken() throws Exception {
        RuleSet rules = withAppRule(TestRules.rule("processing.disable-everyone", "User()",
                "insertLogical(new ProposedAction(io.provisor.model.Action.DISABLE));")
                + TestRules.rule("processing.delete-everyone", "User()",
                "insertLogical(new ProposedAction(io.provisor.model.Action.DELETE));"));

        TestReport unlinked = runner.run(rules, cases(testCase("unassigned alice, no account", SALES_US, "",
                "{\"action\": \"skip\", \"code\": \"NotAssigned\"}")));
        TestReport linked = runner.run(rules, cases(testCase("unassigned alice, linked", SALES_US,
                "\"target\": {\"linkedId\": \"t1\", \"attributes\": {\"active\": true}}", "{\"action\": \"delete\", \"code\": \"NotAssigned\"}")));

        assertThat(unlinked.results().get(0).actual().action()).isEqualTo(Action.SKIP);
        assertThat(linked.results().get(0).actual().action()).as("with an account the proposal stands").isEqualTo(Action.DELETE);
    }

    private static RuleSet withAppRule(String rules) throws Exception {
        RuleLibrary library = new RuleLibrary(Path.of("rules"));
        List<RuleFile> files = new ArrayList<>(library.commonFiles());
        library.readFiles(APP).stream().filter(f -> f.path().startsWith(APP + "/")).forEach(files::add);
        files.add(RuleFile.of(APP + "/bounds.drl", TestRules.HEADER.replace("package test;", "package bounds;") + rules));
        return library.check(APP, files);
    }
}
