package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.provisor.TestRules.HEADER;
import static io.provisor.TestRules.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each test tries one known way for uploaded DRL to escape the fact vocabulary and proves it is
 * refused before compiling, with file, line and a reason. With {@link io.provisor.TestRules#HEADER},
 * a rule's condition is on line 9 and its consequence on line 11.
 */
class DrlSandboxTest {

    private static final String APP_JSON = """
            {"name": "crm", "matching": [{"source": "userPrincipalName", "target": "userName"}]}""";
    private static final int WHEN = 9;
    private static final int THEN = 11;
    private final RuleSetCompiler compiler = new RuleSetCompiler();

    private List<Diagnostic> refusals(String drl) {
        try {
            compiler.compile("crm", List.of(RuleFile.of("crm/app.json", APP_JSON), RuleFile.of("crm/policy.drl", drl)));
        } catch (RuleSetRejected rejected) {
            return rejected.diagnostics().stream().filter(d -> d.code().equals(DrlSandbox.CODE)).toList();
        }
        throw new AssertionError("the set compiled");
    }

    private void assertRefused(String drl, int line, String named) {
        assertThat(refusals(drl)).as(drl).anySatisfy(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.file()).isEqualTo("crm/policy.drl");
            assertThat(d.line()).isEqualTo(line);
            assertThat(d.column()).isPositive();
            assertThat(d.message()).contains("`" + named + "`");
        });
    }

    private static String consequence(String then) {
        return HEADER + rule("entitlement.escape", "User()", then);
    }

    private static String condition(String when) {
        return HEADER + rule("entitlement.escape", when, "insertLogical(new Entitled());");
    }

    @Test
    void system_exit_in_a_consequence_is_refused() {
        assertRefused(consequence("System.exit(1);"), THEN, "System");
    }

    @Test
    void runtime_exec_is_refused() {
        assertRefused(consequence("Runtime.getRuntime().exec(\"rm -rf /\");"), THEN, "exec");
    }

    @Test
    void a_fully_qualified_file_in_a_condition_is_refused() {
        assertRefused(condition("User(new java.io.File(\"/etc/passwd\").exists())"), WHEN, "java.io.File");
    }

    @Test
    void importing_a_network_class_is_refused() {
        assertRefused("package test;\n\nimport java.net.URL;\n", 3, "import java.net.URL");
    }

    @Test
    void a_static_import_is_refused() {
        assertRefused("package test;\nimport static java.lang.System.exit;\n" + rule("entitlement.escape", "User()", "exit(0);"),
                2, "import static java.lang.System.exit");
    }

    @Test
    void a_function_import_from_outside_operators_is_refused() {
        assertRefused("package test;\nimport function java.lang.System.getenv;\n", 2, "import function java.lang.System.getenv");
    }

    @Test
    void a_global_of_a_forbidden_type_is_refused() {
        assertRefused(HEADER + "global java.util.concurrent.ExecutorService pool;\n", 5, "java.util.concurrent.ExecutorService");
    }

    @Test
    void a_thread_is_refused() {
        assertRefused(consequence("Thread.sleep(60000);"), THEN, "Thread");
    }

    @Test
    void reflection_through_get_class_is_refused() {
        String drl = consequence("$u.getClass().getMethod(\"hashCode\").invoke($u);").replace("User()", "$u : User()");
        assertRefused(drl, THEN, "getClass");
        assertRefused(drl, THEN, "getMethod");
        assertRefused(drl, THEN, "invoke");
    }

    @Test
    void class_for_name_with_a_concatenated_name_is_refused() {
        String drl = consequence("Class.forName(\"java.l\" + \"ang.Run\" + \"time\");");
        assertRefused(drl, THEN, "Class");
        assertRefused(drl, THEN, "forName");
    }

    @Test
    void a_declared_type_with_a_forbidden_field_type_is_refused() {
        assertRefused(HEADER + "declare Leak\n    path : java.nio.file.Path\nend\n", 6, "java.nio.file.Path");
    }

    @Test
    void an_eval_calling_a_forbidden_method_is_refused() {
        assertRefused(condition("eval(System.getenv(\"HOME\") != null)"), WHEN, "getenv");
    }

    @Test
    void mvel_inline_new_of_a_file_writer_is_refused() {
        String drl = HEADER + "rule \"entitlement.escape\"\n    @code(\"Test\")\n    @reason(\"a test rule\")\n    dialect \"mvel\"\n"
                + "when\n    User()\nthen\n    w = new java.io.FileWriter(\"/tmp/owned\"); w.write(\"x\");\nend\n";
        assertRefused(drl, 12, "java.io.FileWriter");
    }

    @Test
    void a_function_that_writes_a_file_is_refused() {
        assertRefused(HEADER + "function void leak(String text) {\n    java.nio.file.Files.writeString(java.nio.file.Path.of(\"/tmp/x\"), text);\n}\n",
                6, "java.nio.file.Files");
    }

    @Test
    void the_engine_behind_drools_and_kcontext_is_refused() {
        assertRefused(consequence("drools.getKieRuntime().halt();"), THEN, "drools");
        assertRefused(consequence("kcontext.getKieRuntime().getKieBase();"), THEN, "kcontext");
    }

    @Test
    void changing_an_input_fact_is_refused() {
        assertRefused(consequence("delete($u);").replace("User()", "$u : User()"), THEN, "delete");
    }

    @Test
    void mvel_class_property_is_refused() {
        assertRefused(condition("$u : User(this.class.classLoader != null)"), WHEN, "class");
    }

    @Test
    void mvel_inline_import_is_refused_and_its_names_resolved() {
        String drl = HEADER + "rule \"entitlement.escape\"\n    @code(\"Test\")\n    @reason(\"a test rule\")\n    dialect \"mvel\"\n"
                + "when\n    User()\nthen\n    import java.io.*; f = new File(\"/etc/passwd\");\nend\n";
        assertRefused(drl, 12, "import java.io.*");
    }

    @Test
    void mvel_built_in_array_is_refused() {
        assertRefused(consequence("Array.newInstance(String, 1);"), THEN, "Array");
    }

    @Test
    void a_drl_package_named_after_a_java_package_does_not_make_its_classes_visible() {
        assertRefused("package java.io;\n\nimport io.provisor.rules.facts.*;\n\n" + rule("entitlement.escape", "User()",
                "new File(\"/tmp/x\").delete();"), THEN, "File");
    }

    @Test
    void a_wildcard_import_of_java_util_is_refused() {
        assertRefused("package test;\nimport java.util.*;\n", 2, "import java.util.*");
    }

    @Test
    void java_util_concurrent_is_refused() {
        assertRefused(consequence("java.util.concurrent.Executors.newSingleThreadExecutor();"), THEN,
                "java.util.concurrent.Executors");
    }

    @Test
    void a_scanner_is_refused() {
        assertRefused(consequence("new java.util.Scanner(\"x\");"), THEN, "java.util.Scanner");
    }

    @Test
    void a_from_source_outside_the_vocabulary_is_refused() {
        assertRefused(condition("$p : Object() from java.nio.file.Files.list(java.nio.file.Path.of(\"/\"))"), WHEN,
                "java.nio.file.Files");
    }

    @Test
    void a_dynamic_salience_expression_is_checked_too() {
        String drl = HEADER + "rule \"entitlement.escape\"\n    @code(\"Test\")\n    @reason(\"a test rule\")\n"
                + "    salience (Runtime.getRuntime().availableProcessors())\nwhen\n    User()\nthen\n    insertLogical(new Entitled());\nend\n";
        assertRefused(drl, 8, "Runtime");
    }

    @Test
    void an_enum_cannot_hand_out_its_class() {
        assertRefused(consequence("Object o = io.provisor.model.Action.CREATE.getDeclaringClass();"), THEN, "getDeclaringClass");
    }

    @Test
    void a_unicode_escape_cannot_hide_code_in_a_string() {
        // Java reads a backslash-u escape of a quote as a quote before anything else, ending the string there.
        assertThat(refusals(consequence("String s = \"\\u0022; System.exit(1); //\";"))).anySatisfy(d -> {
            assertThat(d.line()).isEqualTo(THEN);
            assertThat(d.message()).contains("unicode escapes");
        });
    }

    @Test
    void a_character_java_ignores_cannot_split_a_name() {
        assertRefused(consequence("Run\u00ADtime.getRuntime();"), THEN, "Runtime");
    }

    @Test
    void a_lone_carriage_return_ends_a_comment_as_java_reads_it() {
        // The DRL parser rejects this consequence today; the lexer must not rely on that.
        assertThat(DrlLexer.lex("// note\rSystem.exit(1);").tokens()).extracting(DrlLexer.Token::text)
                .startsWith("System", ".", "exit");
    }

    @Test
    void a_text_block_is_refused() {
        assertThat(refusals(consequence("String s = \"\"\"\n  x\"\"\";"))).anySatisfy(d -> {
            assertThat(d.line()).isEqualTo(THEN);
            assertThat(d.message()).contains("text blocks");
        });
    }

    @Test
    void words_in_strings_comments_and_metadata_are_not_references() {
        assertThat(DrlVocabulary.allowed("java.util.Map.Entry")).isTrue();
        List<Diagnostic> diagnostics = new java.util.ArrayList<>();
        String drl = HEADER + "// System.exit is not called here\nrule \"entitlement.update-class\"\n    @code(\"Test\")\n"
                + "    @reason(\"Runtime class update: exit or delete, System\")\nwhen\n    User(department == \"Thread\")\nthen\n"
                + "    insertLogical(new Entitled(\"why\", \"getClass\"));\nend\n";
        DrlInspector.inspect(RuleFile.of("crm/policy.drl", drl), true, new DrlSandbox(), diagnostics);
        assertThat(diagnostics).isEmpty();
    }

    @Test
    void the_allowed_vocabulary_compiles() throws Exception {
        String drl = """
                package test;

                import io.provisor.rules.facts.*;
                import io.provisor.model.Action;
                import java.util.List;

                declare Tag
                    name : String
                end

                function String upper(String text) {
                    return text == null ? "" : text.toUpperCase(java.util.Locale.ROOT);
                }

                rule "processing.allowed"
                    @code("Test")
                    @reason("a test rule")
                when
                    $u : User(Operators.equalsTo(department, "Sales"), Math.max(1, 2) == 2, hasValue("department"))
                then
                    List<String> names = new java.util.ArrayList<>();
                    names.add(upper($u.department()) + String.valueOf(Integer.parseInt("1")));
                    insertLogical(new ProposedAction(Action.SKIP, "names", String.join(",", names)));
                end
                """;
        RuleSet rules = compiler.compile("crm", List.of(RuleFile.of("crm/app.json", APP_JSON), RuleFile.of("crm/policy.drl", drl)));
        assertThat(rules.rule("processing.allowed")).isNotNull();
    }

    @Test
    void every_shipped_rule_file_and_generated_filter_passes() {
        RuleLibrary library = new RuleLibrary(java.nio.file.Path.of("rules")).loadAll();
        assertThat(library.apps()).isNotEmpty().allSatisfy(app ->
                assertThat(library.lastFailure(app)).as(app).isEmpty());
    }
}
