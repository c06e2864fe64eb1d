package io.provisor.cli;

import io.provisor.TestRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code provisor test}: policy tests run like unit tests, with exit codes a script can use. */
class TestCommandTest {

    static final String CREATE_EXPECTED_AS_SKIP = """
            {"name": "alice is skipped",
             "user": {"id": "u1", "userPrincipalName": "alice@contoso.com", "department": "Sales", "country": "US"},
             "assignments": [{"principalId": "u1", "principalType": "User"}],
             "expect": {"action": "skip", "code": "NotAssigned", "rule": "entitlement.not-assigned"}}""";

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_samples_tests_pass_and_the_rules_no_test_fired_are_listed() {
        assertThat(run("test", "--rules", "rules")).isEqualTo(0);
        assertThat(out()).startsWith("contoso-crm: 24 tests against revision ")
                .contains("\nPASS a user assigned directly as Sales Rep gets an account\n")
                .contains("\n24 passed, 0 failed\nrules not covered by any test:\n")
                .containsPattern("\n  entitlement\\.sync-all +common/entitlement\\.drl:\\d+\n")
                .doesNotContain("FAIL");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_failing_test_exits_one_with_expected_and_actual_side_by_side() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/tests/wrong.json"), CREATE_EXPECTED_AS_SKIP);
        assertThat(run("test", "--rules", rules.toString(), "--app", "contoso-crm")).isEqualTo(1);
        assertThat(out()).contains("""
                FAIL alice is skipped
                     at contoso-crm/tests/wrong.json
                             expected                  actual
                     action  skip                      create             <- differs
                     code    NotAssigned               NoMatchFound       <- differs
                     rule    entitlement.not-assigned  processing.create  <- differs
                     decision: `alice@contoso.com` will get a new account in `contoso-crm`.""")
                .contains("\n     cited: import.matching-key, entitlement.direct-assignment, scoping.sales-in-the-us, processing.eligible,"
                        + " processing.create\n")
                .contains("\n24 passed, 1 failed\n");
    }

    @Test
    void a_matching_field_is_not_marked_and_a_test_without_a_rule_accepts_any() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/tests/wrong.json"), CREATE_EXPECTED_AS_SKIP
                .replace("\"action\": \"skip\"", "\"action\": \"create\"").replace(", \"rule\": \"entitlement.not-assigned\"", ""));
        assertThat(run("test", "--rules", rules.toString())).isEqualTo(1);
        assertThat(out()).containsPattern("\n     action  create +create\n")
                .containsPattern("\n     code +NotAssigned +NoMatchFound +<- differs\n")
                .containsPattern("\n     rule +\\(any\\) +processing\\.create\n");
    }

    @Test
    void a_bad_test_file_is_one_line_on_stderr_and_exit_two_before_any_test_runs() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/tests/bad.json"), "[{\"name\": \"x\", \"user\": {}, \"expect\": "
                + "{\"action\": \"create\", \"code\": \"NoMatchFound\"}}]");
        assertThat(run("test", "--rules", rules.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("provisor: contoso-crm/tests/bad.json#/0/user/id: an id is required");
        assertThat(out()).isEmpty();
    }

    @Test
    void rules_that_do_not_compile_fail_the_run_with_their_diagnostics() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/bad.drl"), TestRules.HEADER + "rule \"entitlement.bad\"\nwhen\nthen\nend\n");
        assertThat(run("test", "--rules", rules.toString())).isEqualTo(1);
        assertThat(out()).contains("contoso-crm/bad.drl:5:0: error: rule `entitlement.bad` has no @code [rule_code_missing]")
                .contains("contoso-crm: the rules do not compile; no test ran");
    }

    @Test
    void an_app_without_tests_passes_with_every_rule_uncovered() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/tests/entitlement.json"), "[]");
        TestRules.write(rules.resolve("contoso-crm/tests/lifecycle.json"), "[]");
        TestRules.write(rules.resolve("contoso-crm/tests/matching.json"), "[]");
        TestRules.write(rules.resolve("contoso-crm/tests/scoping.json"), "[]");
        assertThat(run("test", "--rules", rules.toString())).isEqualTo(0);
        assertThat(out()).contains("contoso-crm: 0 tests", "no tests: write them in contoso-crm/tests/*.json", "0 passed, 0 failed",
                "  processing.create ");
    }

    @Test
    void bad_usage_is_exit_two() {
        assertThat(run("test")).isEqualTo(2);
        assertThat(run("test", "--rules", "rules", "--app", "nope")).isEqualTo(2);
        assertThat(run("test", "--rules", dir.resolve("none").toString())).isEqualTo(2);
        assertThat(run("test", "--rules", "rules", "tests.json")).isEqualTo(2);
        assertThat(err.toString()).contains("option `--rules` is required", "no app `nope`", "does not exist", "test takes no file");
        assertThat(out()).isEmpty();
    }
}
