package io.provisor.rules;

import io.provisor.TestRules;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RuleLibraryTest {

    @TempDir
    Path dir;

    @Test
    void a_set_that_does_not_compile_never_replaces_the_active_one() {
        Path rules = TestRules.copyShipped(dir);
        RuleLibrary library = new RuleLibrary(rules).loadAll();
        String active = library.active("contoso-crm").orElseThrow().revision();

        TestRules.write(rules.resolve("contoso-crm/broken.drl"), TestRules.HEADER + "rule \"entitlement.broken\" when then end");
        assertThat(library.reload("contoso-crm")).isNull();

        assertThat(library.active("contoso-crm").orElseThrow().revision()).isEqualTo(active);
        assertThat(library.lastFailure("contoso-crm")).hasValueSatisfying(failure ->
                assertThat(failure.diagnostics()).anySatisfy(d -> assertThat(d.file()).isEqualTo("contoso-crm/broken.drl")));
    }

    @Test
    void a_file_that_reaches_outside_the_vocabulary_never_replaces_the_active_set() {
        Path rules = TestRules.copyShipped(dir);
        RuleLibrary library = new RuleLibrary(rules).loadAll();
        String active = library.active("contoso-crm").orElseThrow().revision();

        TestRules.write(rules.resolve("contoso-crm/exit.drl"), TestRules.HEADER
                + TestRules.rule("entitlement.exit", "User()", "System.exit(1);"));
        assertThat(library.reload("contoso-crm")).isNull();

        assertThat(library.active("contoso-crm").orElseThrow().revision()).isEqualTo(active);
        assertThat(library.diagnostics("contoso-crm")).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("drl_forbidden_reference");
            assertThat(d.file()).isEqualTo("contoso-crm/exit.drl");
            assertThat(d.line()).isEqualTo(11);
        });
    }

    @Test
    void a_fixed_set_becomes_active_and_clears_the_failure() {
        Path rules = TestRules.copyShipped(dir);
        RuleLibrary library = new RuleLibrary(rules).loadAll();
        TestRules.write(rules.resolve("contoso-crm/extra.drl"), TestRules.HEADER + "rule \"entitlement.broken\" when then end");
        library.reload("contoso-crm");
        TestRules.write(rules.resolve("contoso-crm/extra.drl"), TestRules.HEADER
                + TestRules.rule("entitlement.interns-excluded", "User(employeeType == \"Intern\")", "insertLogical(new NotEntitled());"));

        RuleSet reloaded = library.reload("contoso-crm");

        assertThat(reloaded.rule("entitlement.interns-excluded")).isNotNull();
        assertThat(library.lastFailure("contoso-crm")).isEmpty();
    }

    @Test
    void editing_a_rule_file_on_disk_reloads_the_app() throws Exception {
        Path rules = TestRules.copyShipped(dir);
        RuleLibrary library = new RuleLibrary(rules).loadAll();
        String before = library.active("contoso-crm").orElseThrow().revision();
        CountDownLatch reloaded = new CountDownLatch(1);
        try (RuleWatcher watcher = new RuleWatcher(library, app -> {
            if (app.equals("contoso-crm") && !library.active(app).orElseThrow().revision().equals(before)) {
                reloaded.countDown();
            }
        }).start()) {
            TestRules.write(rules.resolve("contoso-crm/interns.drl"), TestRules.HEADER
                    + TestRules.rule("entitlement.interns-excluded", "User(employeeType == \"Intern\")", "insertLogical(new NotEntitled());"));
            assertThat(reloaded.await(30, TimeUnit.SECONDS)).as("reloaded after the edit").isTrue();
        }
        assertThat(library.active("contoso-crm").orElseThrow().rule("entitlement.interns-excluded")).isNotNull();
    }
}
