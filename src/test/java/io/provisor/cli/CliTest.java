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

class CliTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(List.of(args));
    }

    @Test
    void evaluate_prints_the_decision_and_exits_zero_for_a_skip() {
        Path request = dir.resolve("request.json");
        TestRules.write(request, "{\"user\": {\"id\": \"u9\", \"userPrincipalName\": \"bob@contoso.com\"}}");
        assertThat(run("evaluate", "--rules", "rules", "--app", "contoso-crm", request.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("\"action\" : \"skip\"", "\"code\" : \"NotAssigned\"");
    }

    @Test
    void evaluate_accepts_a_sample_file_with_its_request_inside() {
        Path sample = dir.resolve("sample.json");
        TestRules.write(sample, "{\"description\": \"x\", \"request\": {\"user\": {\"id\": \"u9\", \"userPrincipalName\": \"bob@contoso.com\"}}}");
        assertThat(run("evaluate", "--rules", "rules", "--app", "contoso-crm", sample.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("\"userId\" : \"u9\"");
    }

    @Test
    void bad_input_is_one_line_on_stderr_and_exit_two() {
        Path request = dir.resolve("request.json");
        TestRules.write(request, "{\"user\": {\"userPrincipalName\": \"bob@contoso.com\"}}");
        assertThat(run("evaluate", "--rules", "rules", "--app", "contoso-crm", request.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("provisor: /user/id: an id is required");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_rule_that_fails_on_the_user_is_one_line_naming_the_rule_and_exit_two() {
        Path rules = TestRules.copyShipped(dir.resolve("copy"));
        TestRules.write(rules.resolve("contoso-crm/zed.drl"), TestRules.failingOn("entitlement.zed-fails",
                "userPrincipalName == \"zed@contoso.com\""));
        Path request = dir.resolve("request.json");
        TestRules.write(request, "{\"user\": {\"id\": \"z1\", \"userPrincipalName\": \"zed@contoso.com\", \"displayName\": \"Zed\"}}");

        assertThat(run("evaluate", "--rules", rules.toString(), "--app", "contoso-crm", request.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("provisor: rule `entitlement.zed-fails` failed: ").doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_missing_request_file_is_exit_two() {
        assertThat(run("evaluate", "--rules", "rules", "--app", "contoso-crm", dir.resolve("none.json").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("provisor: no such file").doesNotContain("\n\n");
    }

    @Test
    void malformed_json_is_exit_two_with_the_position() {
        Path request = dir.resolve("request.json");
        TestRules.write(request, "{\"user\": ");
        assertThat(run("evaluate", "--rules", "rules", "--app", "contoso-crm", request.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not valid JSON").contains("line 1");
    }

    @Test
    void an_unknown_app_is_exit_two() {
        Path request = dir.resolve("request.json");
        TestRules.write(request, "{}");
        assertThat(run("evaluate", "--rules", "rules", "--app", "nope", request.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no app `nope`");
    }

    @Test
    void validate_passes_on_the_shipped_rules() {
        assertThat(run("validate", "--rules", "rules")).isEqualTo(0);
        assertThat(out.toString()).contains("contoso-crm: valid, revision");
    }

    @Test
    void validate_exits_one_and_lists_errors_with_file_and_line() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/bad.drl"), TestRules.HEADER + "rule \"entitlement.bad\"\nwhen\nthen\nend\n");
        assertThat(run("validate", "--rules", rules.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("contoso-crm/bad.drl:5:0: error: rule `entitlement.bad` has no @code [rule_code_missing]")
                .contains("contoso-crm: invalid");
    }

    @Test
    void validate_exits_one_on_drl_that_leaves_the_sandbox() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/net.drl"), "package x;\nimport java.net.URL;\n");
        assertThat(run("validate", "--rules", rules.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("contoso-crm/net.drl:2:1: error: `import java.net.URL` is not allowed")
                .contains("[drl_forbidden_reference]");
    }

    @Test
    void validate_with_the_samples_tenant_passes_on_the_shipped_rules() {
        assertThat(run("validate", "--rules", "rules", "--tenant", "samples/tenant.json")).isEqualTo(0);
        assertThat(out.toString()).doesNotContain("value_case_differs", "attribute_without_values", "opposite_actions",
                "exclusion_overrides_inclusion").contains("contoso-crm: valid, revision");
    }

    @Test
    void validate_lints_against_a_tenant_file_without_failing() {
        Path rules = TestRules.copyShipped(dir);
        TestRules.write(rules.resolve("contoso-crm/sales.drl"), TestRules.HEADER
                + TestRules.rule("entitlement.sales-only", "User(department == \"sales\")", "insertLogical(new Entitled());"));
        assertThat(run("validate", "--rules", rules.toString(), "--tenant", "samples/tenant.json")).isEqualTo(0);
        assertThat(out.toString()).contains("contoso-crm/sales.drl:9:10: warning: `department` is compared with `sales`,"
                + " but the directory has `Sales`; comparisons are case-sensitive [value_case_differs]")
                .contains("contoso-crm: valid, revision");
    }

    @Test
    void an_unknown_command_or_option_is_exit_two() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("validate", "--rulez", "rules")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command `frobnicate`").contains("unknown option `--rulez`");
    }
}
