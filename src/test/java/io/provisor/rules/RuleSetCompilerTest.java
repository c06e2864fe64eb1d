package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import org.drools.base.RuleBase;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.internal.conf.IndexLeftBetaMemoryOption;
import org.kie.internal.conf.IndexRightBetaMemoryOption;

import static io.provisor.TestRules.HEADER;
import static io.provisor.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetCompilerTest {

    private static final String APP_JSON = """
            {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}]}""";
    private final RuleSetCompiler compiler = new RuleSetCompiler();

    private List<Diagnostic> rejectedWith(String appJson, String drl) {
        List<RuleFile> files = new ArrayList<>(List.of(RuleFile.of("crm/app.json", appJson)));
        if (drl != null) {
            files.add(RuleFile.of("crm/policy.drl", drl));
        }
        try {
            compiler.compile("crm", files);
        } catch (RuleSetRejected rejected) {
            return rejected.diagnostics();
        }
        throw new AssertionError("the set compiled");
    }

    @Test
    void a_compiled_set_scans_its_join_memories_and_cannot_change() throws RuleSetRejected {
        String drl = HEADER + rule("entitlement.everyone", "User()", "insertLogical(new Entitled());");
        RuleSet rules = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", APP_JSON), RuleFile.of("crm/policy.drl", drl)));
        KieBaseConfiguration configuration = ((RuleBase) rules.kieBase()).getConfiguration();
        assertThat(configuration.getOption(IndexLeftBetaMemoryOption.KEY).isIndexLeftBetaMemory()).isFalse();
        assertThat(configuration.getOption(IndexRightBetaMemoryOption.KEY).isIndexRightBetaMemory()).isFalse();
        assertThat(configuration.getOption(KieBaseMutabilityOption.KEY)).isEqualTo(KieBaseMutabilityOption.DISABLED);
    }

    @Test
    void a_rule_without_code_is_rejected_with_file_and_line() {
        String drl = HEADER + "rule \"entitlement.everyone\"\n    @reason(\"all in\")\nwhen\n    User()\nthen\n    insertLogical(new Entitled());\nend\n";
        assertThat(rejectedWith(APP_JSON, drl)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("rule_code_missing");
            assertThat(d.file()).isEqualTo("crm/policy.drl");
            assertThat(d.line()).isEqualTo(5);
        });
    }

    @Test
    void a_rule_without_reason_is_rejected() {
        String drl = HEADER + "rule \"entitlement.everyone\"\n    @code(\"Everyone\")\nwhen\n    User()\nthen\n    insertLogical(new Entitled());\nend\n";
        assertThat(rejectedWith(APP_JSON, drl)).extracting(Diagnostic::code).containsExactly("rule_reason_missing");
    }

    @Test
    void a_rule_id_without_a_known_stage_is_rejected() {
        String drl = HEADER + rule("Everyone gets in", "User()", "insertLogical(new Entitled());");
        assertThat(rejectedWith(APP_JSON, drl)).extracting(Diagnostic::code).containsExactly("rule_id_invalid");
    }

    @Test
    void a_syntax_error_is_reported_with_its_line() {
        String drl = HEADER + "rule \"entitlement.broken\"\n    @code(\"X\") @reason(\"x\")\nwhen\n    User(\nthen\nend\n";
        List<Diagnostic> diagnostics = rejectedWith(APP_JSON, drl);
        assertThat(diagnostics).isNotEmpty().allSatisfy(d -> {
            assertThat(d.file()).isEqualTo("crm/policy.drl");
            assertThat(d.line()).isPositive();
        });
    }

    @Test
    void a_type_error_is_reported_by_the_compiler_with_its_file() {
        String drl = HEADER + rule("entitlement.typo", "User(departmnt == \"Sales\")", "insertLogical(new Entitled());");
        assertThat(rejectedWith(APP_JSON, drl)).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("drl_compile");
            assertThat(d.file()).isEqualTo("crm/policy.drl");
        });
    }

    @Test
    void two_rules_with_one_id_are_rejected() {
        String drl = HEADER + rule("entitlement.twice", "User()", "insertLogical(new Entitled());")
                + rule("entitlement.twice", "User()", "insertLogical(new Entitled());");
        assertThat(rejectedWith(APP_JSON, drl)).extracting(Diagnostic::code).contains("rule_id_duplicate");
    }

    @Test
    void scoping_filter_problems_carry_json_pointers() {
        String appJson = """
                {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}],
                 "scopingFilters": [{"title": "f", "clauses": [
                   {"attribute": "manager", "operator": "EQUALS", "value": "x"},
                   {"attribute": "department", "operator": "equals", "value": "x"},
                   {"attribute": "employeeId", "operator": "Greater_Than", "value": "ten"},
                   {"attribute": "jobTitle", "operator": "REGEX MATCH", "value": "(unclosed"},
                   {"attribute": "departmnt", "operator": "EQUALS", "value": "x"},
                   {"attribute": "userType", "operator": "IS NOT NULL"}]}]}""";
        assertThat(rejectedWith(appJson, null)).extracting(Diagnostic::pointer, Diagnostic::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/0/attribute", "attribute_not_filterable"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/1/operator", "operator_unknown"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/2/value", "integer_expected"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/3/value", "regex_invalid"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/4/attribute", "attribute_unknown"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses/5/attribute", "attribute_not_filterable"),
                org.assertj.core.groups.Tuple.tuple("/scopingFilters/0/clauses", "filter_clauses_missing"));
    }

    @Test
    void malformed_app_json_is_reported_with_its_position() {
        assertThat(rejectedWith("{\"name\": \"crm\",", null)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("json_malformed");
            assertThat(d.line()).isEqualTo(1);
        });
    }

    @Test
    void declared_filters_become_generated_rules_named_after_their_title() throws Exception {
        String appJson = """
                {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}],
                 "scopingFilters": [{"title": "Sales \\"EU\\" staff", "clauses": [
                   {"attribute": "userPrincipalName", "operator": "REGEX MATCH", "value": ".*\\\\@contoso\\\\.com"}]}]}""";
        RuleSet rules = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", appJson)));
        assertThat(rules.rule("scoping.sales-eu-staff")).satisfies(rule -> {
            assertThat(rule.filter()).isEqualTo("Sales \"EU\" staff");
            assertThat(rule.file()).isEqualTo("crm/generated/scoping-filters.drl");
            assertThat(rule.isScopingFilter()).isTrue();
        });
        assertThat(rules.app().scopingRules()).containsExactly("scoping.sales-eu-staff");
        assertThat(rules.files()).filteredOn(RuleFile::generated).singleElement()
                .satisfies(file -> assertThat(file.text()).contains("Operators.regexMatch(userPrincipalName, \".*\\\\@contoso\\\\.com\")"));
    }

    @Test
    void the_revision_changes_with_any_file_and_only_then() throws Exception {
        String drl = HEADER + rule("entitlement.everyone", "User()", "insertLogical(new Entitled());");
        List<RuleFile> files = List.of(RuleFile.of("crm/app.json", APP_JSON), RuleFile.of("crm/policy.drl", drl));
        String first = compiler.compile("crm", files).revision();
        String again = compiler.compile("crm", files).revision();
        String changed = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", APP_JSON),
                RuleFile.of("crm/policy.drl", drl + "\n"))).revision();
        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void default_access_is_always_a_defined_role() throws Exception {
        RuleSet rules = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", APP_JSON)));
        assertThat(rules.app().definesRole("00000000-0000-0000-0000-000000000000")).isTrue();
    }

    @Test
    void unknown_settings_are_warnings_not_errors() throws Exception {
        String appJson = "{\"name\": \"crm\", \"matching\": [{\"source\": \"mail\", \"target\": \"userName\"}], \"scopingFilter\": []}";
        RuleSet rules = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", appJson)));
        assertThat(rules.warnings()).extracting(Diagnostic::code).containsExactly("setting_unknown");
    }
}
