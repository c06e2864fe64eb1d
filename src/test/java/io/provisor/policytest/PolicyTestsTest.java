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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against the samples' app: outcomes, the deciding rule, and coverage. */
class PolicyTestsTest {

    static final String APP = "contoso-crm";
    static final String ASSIGNED = "\"assignments\": [{\"principalId\": \"u1\", \"principalType\": \"User\"}]";
    static RuleLibrary library;
    static RuleSet rules;

    private final PolicyTests runner = new PolicyTests(new PolicyEngine());

    @BeforeAll
    static void compile() {
        library = new RuleLibrary(Path.of("rules"));
        rules = library.reload(APP);
    }

    /** A case for user u1 with the given user attributes, extra request fields and expectation. */
    static String testCase(String name, String user, String extra, String expect) {
        return "{\"name\": \"" + name + "\", \"user\": {\"id\": \"u1\", \"userPrincipalName\": \"alice@contoso.com\"" + user + "}"
                + (extra.isEmpty() ? "" : ", " + extra) + ", \"expect\": " + expect + "}";
    }

    static List<TestCase> cases(String... cases) throws TestCasesRejected {
        return TestCaseReader.readFile(APP + "/tests/t.json", "[" + String.join(", ", cases) + "]");
    }

    static final String SALES_US = ", \"department\": \"Sales\", \"country\": \"US\"";

    @Test
    void a_case_passes_when_action_code_and_deciding_rule_are_as_expected() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("alice gets an account", SALES_US, ASSIGNED,
                "{\"action\": \"create\", \"code\": \"NoMatchFound\", \"rule\": \"processing.create\"}")));
        assertThat(report.results()).singleElement().satisfies(result -> {
            assertThat(result.passed()).isTrue();
            assertThat(result.actual()).isEqualTo(new Outcome(Action.CREATE, "NoMatchFound", "processing.create"));
            assertThat(result.reasons()).contains("entitlement.direct-assignment", "processing.create");
        });
        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(report.revision()).isEqualTo(rules.revision());
    }

    @Test
    void a_wrong_action_fails_with_the_expected_and_the_actual_outcome() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("alice is skipped", SALES_US, ASSIGNED,
                "{\"action\": \"skip\", \"code\": \"NotAssigned\"}")));
        TestResult result = report.results().get(0);
        assertThat(result.passed()).isFalse();
        assertThat(result.expected()).isEqualTo(new Outcome(Action.SKIP, "NotAssigned", null));
        assertThat(result.actual()).isEqualTo(new Outcome(Action.CREATE, "NoMatchFound", "processing.create"));
        assertThat(result.summary()).contains("alice@contoso.com");
        assertThat(report.failed()).isEqualTo(1);
    }

    @Test
    void a_wrong_deciding_rule_fails_even_when_action_and_code_are_right() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("the role decides", SALES_US, ASSIGNED,
                "{\"action\": \"create\", \"code\": \"NoMatchFound\", \"rule\": \"entitlement.direct-assignment\"}")));
        assertThat(report.results().get(0).passed()).isFalse();
    }

    @Test
    void a_disable_is_decided_by_the_exclusion_that_gives_it_its_code() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("unassigned alice is disabled", SALES_US,
                "\"target\": {\"linkedId\": \"t1\", \"attributes\": {\"active\": true}}",
                "{\"action\": \"disable\", \"code\": \"NotAssigned\", \"rule\": \"entitlement.not-assigned\"}")));
        assertThat(report.results().get(0).passed()).isTrue();
        assertThat(report.results().get(0).reasons()).contains("processing.disable");
    }

    @Test
    void a_scoping_skip_is_decided_by_no_filter_matched_not_by_the_filters_the_user_failed() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("german alice is out of scope", ", \"department\": \"Sales\", \"country\": \"DE\"",
                ASSIGNED, "{\"action\": \"skip\", \"code\": \"ScopingFilterNotMatched\"}")));
        TestResult result = report.results().get(0);
        assertThat(result.reasons()).startsWith("scoping.sales-in-the-us", "scoping.sales-leadership");
        assertThat(result.actual().rule()).isEqualTo("scoping.no-filter-matched");
    }

    @Test
    void rules_that_fired_in_no_test_are_uncovered_in_load_order() throws Exception {
        TestReport report = runner.run(rules, cases(testCase("alice gets an account", SALES_US, ASSIGNED,
                "{\"action\": \"create\", \"code\": \"NoMatchFound\"}")));
        List<String> uncovered = report.uncovered().stream().map(UncoveredRule::id).toList();
        assertThat(uncovered).doesNotContain("import.matching-key", "entitlement.direct-assignment", "scoping.sales-in-the-us",
                "processing.eligible", "processing.create");
        assertThat(uncovered).contains("entitlement.not-assigned", "entitlement.contractors-excluded", "scoping.sales-leadership");
        List<String> loadOrder = new ArrayList<>(rules.rules().keySet());
        loadOrder.retainAll(uncovered);
        assertThat(uncovered).isEqualTo(loadOrder);
        assertThat(report.uncovered()).filteredOn(rule -> rule.id().equals("entitlement.contractors-excluded")).singleElement()
                .satisfies(rule -> assertThat(rule.file()).isEqualTo("contoso-crm/entitlement.drl"));
    }

    @Test
    void a_scoping_filter_counts_as_fired_when_the_user_passes_it_even_if_excluded_otherwise() throws Exception {
        TestReport contractor = runner.run(rules, cases(testCase("a US sales contractor is excluded",
                SALES_US + ", \"employeeType\": \"Contractor\"", ASSIGNED, "{\"action\": \"skip\", \"code\": \"ContractorExcluded\"}")));
        assertThat(contractor.uncovered()).extracting(UncoveredRule::id).doesNotContain("scoping.sales-in-the-us")
                .contains("scoping.sales-leadership");
        TestReport german = runner.run(rules, cases(testCase("german alice", ", \"department\": \"Sales\", \"country\": \"DE\"",
                ASSIGNED, "{\"action\": \"skip\", \"code\": \"ScopingFilterNotMatched\"}")));
        assertThat(german.uncovered()).as("a filter every test user fails has never let anyone in")
                .extracting(UncoveredRule::id).contains("scoping.sales-in-the-us", "scoping.sales-leadership")
                .doesNotContain("scoping.no-filter-matched");
    }

    @Test
    void a_case_whose_evaluation_throws_fails_with_the_error_and_the_others_still_run() throws Exception {
        List<RuleFile> files = new ArrayList<>(library.readFiles(APP));
        files.add(RuleFile.of(APP + "/boom.drl", TestRules.HEADER + TestRules.rule("processing.boom", "User(department == \"Boom\")",
                "Integer.parseInt(\"boom\");")));
        RuleSet broken = library.check(APP, files);
        TestReport report = runner.run(broken, cases(
                testCase("boom", ", \"department\": \"Boom\"", ASSIGNED, "{\"action\": \"skip\", \"code\": \"X\"}"),
                testCase("alice gets an account", SALES_US, ASSIGNED, "{\"action\": \"create\", \"code\": \"NoMatchFound\"}")));
        assertThat(report.results().get(0).passed()).isFalse();
        assertThat(report.results().get(0).actual()).isNull();
        assertThat(report.results().get(0).error()).startsWith("the evaluation failed:").contains("boom");
        assertThat(report.results().get(1).passed()).isTrue();
    }

    @Test
    void no_cases_leave_every_rule_uncovered() {
        TestReport report = runner.run(rules, List.of());
        assertThat(report.results()).isEmpty();
        assertThat(report.uncovered()).hasSize(rules.rules().size());
    }
}
