package io.provisor.rules;

import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.model.Diagnostic;
import io.provisor.rules.facts.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

import static io.provisor.TestRules.HEADER;
import static io.provisor.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;

class RuleLinterTest {

    private static final String APP_JSON = """
            {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}]}""";
    private static final Map<String, Set<String>> VALUES = Map.of("department", Set.of("Sales", "Marketing"),
            "country", Set.of("US", "FR"), "jobTitle", Set.of("Head of Sales"));
    private static final Function<String, Set<String>> DIRECTORY = attribute -> VALUES.getOrDefault(attribute, Set.of());
    private final RuleSetCompiler compiler = new RuleSetCompiler();

    private RuleSet compile(String appJson, String drl) throws RuleSetRejected {
        List<RuleFile> files = new ArrayList<>(List.of(RuleFile.of("crm/app.json", appJson)));
        if (drl != null) {
            files.add(RuleFile.of("crm/policy.drl", HEADER + "import io.provisor.model.Action;\n\n" + drl));
        }
        return compiler.compile("crm", files);
    }

    private static List<Diagnostic> withCode(List<Diagnostic> diagnostics, String code) {
        return diagnostics.stream().filter(d -> d.code().equals(code)).toList();
    }

    @Test
    void a_rule_no_test_expects_is_untested() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.tested", "User()", "insertLogical(new Entitled());")
                + rule("entitlement.untested", "User(department == \"Sales\")", "insertLogical(new NotEntitled());"));
        List<RuleFile> tests = List.of(
                RuleFile.of("crm/tests/a.json", "{\"name\": \"a\", \"expect\": {\"action\": \"create\", \"rule\": \"entitlement.tested\"}}"),
                RuleFile.of("crm/tests/b.json", "[{\"name\": \"b\", \"expect\": {\"action\": \"skip\"}}]"));

        List<Diagnostic> warnings = new RuleLinter().lint(rules, Optional.of(tests));

        assertThat(withCode(warnings, "rule_untested")).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.file()).isEqualTo("crm/policy.drl");
            assertThat(d.line()).isEqualTo(15);
            assertThat(d.message()).contains("`entitlement.untested`").contains("`crm/tests`");
        });
    }

    @Test
    void an_app_without_a_tests_folder_has_no_untested_rules() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.everyone", "User()", "insertLogical(new Entitled());"));
        assertThat(withCode(new RuleLinter().lint(rules, Optional.empty()), "rule_untested")).isEmpty();
    }

    @Test
    void a_filter_value_in_another_case_than_the_directory_warns_with_pointer_and_line() throws Exception {
        String appJson = """
                {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}],
                 "scopingFilters": [{"title": "Sales", "clauses": [
                   {"attribute": "country", "operator": "EQUALS", "value": "US"},
                   {"attribute": "department", "operator": "&", "value": "sales,Marketing"}]}]}""";

        List<Diagnostic> warnings = new RuleLinter(DIRECTORY).lint(compile(appJson, null), Optional.empty());

        assertThat(withCode(warnings, "value_case_differs")).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo("crm/app.json");
            assertThat(d.pointer()).isEqualTo("/scopingFilters/0/clauses/1/value");
            assertThat(d.line()).isEqualTo(4);
            assertThat(d.message()).isEqualTo("`department` is compared with `sales`, but the directory has `Sales`;"
                    + " comparisons are case-sensitive");
        });
    }

    @Test
    void a_drl_comparison_in_another_case_warns_with_its_line() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.sales", "User(country == \"US\",\n        department == \"SALES\")",
                "insertLogical(new Entitled());"));
        assertThat(withCode(new RuleLinter(DIRECTORY).lint(rules, Optional.empty()), "value_case_differs")).singleElement()
                .satisfies(d -> {
                    assertThat(d.file()).isEqualTo("crm/policy.drl");
                    assertThat(d.line()).isEqualTo(12);
                    assertThat(d.column()).isEqualTo(9);
                    assertThat(d.message()).contains("`SALES`").contains("`Sales`");
                });
    }

    @Test
    void values_the_directory_holds_as_written_do_not_warn() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.sales", "User(Operators.includes(jobTitle, \"Sales\"), "
                + "Operators.endsWith(department, \"ing\"), department != \"Sales\", country in (\"US\", \"FR\"))",
                "insertLogical(new Entitled());"));
        assertThat(new RuleLinter(DIRECTORY).lint(rules, Optional.empty())).isEmpty();
    }

    @Test
    void a_comparison_on_an_attribute_no_user_has_warns() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.cost-center",
                "User(attribute(\"extension_costCenter\") == \"42\", Operators.isNotNull(city))", "insertLogical(new Entitled());"));
        assertThat(withCode(new RuleLinter(DIRECTORY).lint(rules, Optional.empty()), "attribute_without_values"))
                .extracting(Diagnostic::message).containsExactly(
                        "no user in the directory has a value for `extension_costCenter`, so this comparison decides the same for everyone",
                        "no user in the directory has a value for `city`, so this comparison decides the same for everyone");
    }

    @Test
    void without_directory_values_the_directory_lints_are_left_out() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.sales", "User(department == \"sales\")", "insertLogical(new Entitled());"));
        assertThat(new RuleLinter().lint(rules, Optional.empty())).isEmpty();
    }

    @Test
    void create_and_delete_from_rules_that_can_both_fire_warn() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("processing.create-everyone", "TargetState(!linked)",
                "insertLogical(new ProposedAction(Action.CREATE));")
                + rule("processing.purge-sales", "User(department == \"Sales\")", "insertLogical(new ProposedAction(Action.DELETE));"));
        assertThat(withCode(new RuleLinter().lint(rules, Optional.empty()), "opposite_actions")).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(15);
            assertThat(d.message()).isEqualTo("rule `processing.purge-sales` can propose delete for the same facts as rule"
                    + " `processing.create-everyone` (crm/policy.drl:7) proposes create; make their conditions exclude each other");
        });
    }

    @Test
    void create_and_disable_from_rules_that_exclude_each_other_do_not_warn() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("processing.create-new", "TargetState(!linked, matchCount == 0)\n    exists Entitled()",
                "insertLogical(new ProposedAction(Action.CREATE));")
                + rule("processing.disable-unentitled", "TargetState(linked)", "insertLogical(new ProposedAction(Action.DISABLE));")
                + rule("processing.disable-matched", "TargetState(matchCount > 1)", "insertLogical(new ProposedAction(Action.DISABLE));")
                + rule("processing.disable-left", "not Entitled()", "insertLogical(new ProposedAction(Action.DISABLE));"));
        assertThat(new RuleLinter().lint(rules, Optional.empty())).isEmpty();
    }

    @Test
    void an_exclusion_on_the_values_of_an_inclusion_overrides_it() throws Exception {
        String appJson = """
                {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}],
                 "scopingFilters": [{"title": "Sales", "clauses": [
                   {"attribute": "department", "operator": "EQUALS", "value": "Sales"}]}]}""";
        RuleSet rules = compile(appJson, rule("entitlement.no-sales", "$u : User(department == \"Sales\")",
                "insertLogical(new NotEntitled());"));
        assertThat(withCode(new RuleLinter().lint(rules, Optional.empty()), "exclusion_overrides_inclusion")).singleElement()
                .satisfies(d -> {
                    assertThat(d.file()).isEqualTo("crm/policy.drl");
                    assertThat(d.message()).contains("`entitlement.no-sales`").contains("`scoping.sales`");
                });
    }

    @Test
    void a_narrower_exclusion_is_an_exception_not_an_override() throws Exception {
        RuleSet rules = compile(APP_JSON, rule("entitlement.sales", "User(department == \"Sales\")", "insertLogical(new Entitled());")
                + rule("entitlement.no-french-sales", "User(department == \"Sales\", country == \"FR\")", "insertLogical(new NotEntitled());"));
        assertThat(new RuleLinter().lint(rules, Optional.empty())).isEmpty();
    }

    @Test
    void the_shipped_rules_raise_no_warning_against_the_samples_tenant() throws Exception {
        RuleLibrary library = new RuleLibrary(Path.of("rules"));
        RuleSet rules = library.reload("contoso-crm");
        assertThat(new RuleLinter(RuleLinter.valuesOf(samplesUsers())).lint(rules, Optional.empty())).isEmpty();
    }

    @Test
    void directory_values_are_read_from_users_as_rules_see_them() throws Exception {
        Function<String, Set<String>> values = RuleLinter.valuesOf(samplesUsers());
        assertThat(values.apply("department")).contains("Sales", "Marketing").doesNotContain("");
        assertThat(values.apply("accountEnabled")).contains("true");
        assertThat(values.apply("extension_nothing")).isEmpty();
    }

    private static List<User> samplesUsers() throws Exception {
        var users = Json.mapper().readTree(Files.readString(Path.of("samples/tenant.json"))).path("users");
        FactReader reader = new FactReader();
        List<User> read = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            read.add(reader.user(users.get(i), "/users/" + i));
        }
        return read;
    }
}
