package io.provisor.cli;

import io.provisor.TestRules;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code provisor preview --rules DIR --proposed DIR2}: the impact of a rules folder on the stored directory. */
class PreviewCommandTest {

    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();
    private final ByteArrayOutputStream out = cli.out;
    private final ByteArrayOutputStream err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void prints_transitions_and_every_changed_user_with_the_rule_that_changed_it() {
        Path proposed = importedWithProposed("contractors-too.drl", """
                package contoso_crm;
                import io.provisor.rules.facts.*;
                rule "entitlement.no-account-executives"
                    @code("AccountExecutivesExcluded")
                    @entraCode("NotEffectivelyEntitled")
                    @reason("`{user}` is an account executive ({jobTitle})")
                    @fix("none")
                when
                    $u : User(jobTitle == "Account Executive")
                then
                    insertLogical(new NotEntitled("jobTitle", $u.jobTitle()));
                end
                """);
        out.reset();

        int exit = run("preview", "--rules", "rules", "--proposed", proposed.toString(), "--data", data(), "--app", "contoso-crm");

        assertThat(exit).as(err.toString()).isZero();
        java.util.regex.Matcher counts = java.util.regex.Pattern.compile("(\\d+) users decided \\((\\d+) neither assigned nor linked left out\\)")
                .matcher(out.toString());
        assertThat(counts.find()).as(out.toString()).isTrue();
        assertThat(Long.parseLong(counts.group(1)) + Long.parseLong(counts.group(2))).as("every user of the samples' tenant").isEqualTo(53);
        assertThat(out.toString()).contains("create → skip: ", "by entitlement.no-account-executives",
                "olivia.hart@contoso.com: create (NoMatchFound) → skip (AccountExecutivesExcluded)");
    }

    @Test
    void a_proposed_set_that_does_not_compile_is_exit_two_with_its_diagnostics() {
        String data = dir.resolve("data").toString();
        Path proposed = TestRules.copyShipped(dir.resolve("proposed"));
        TestRules.write(proposed.resolve("contoso-crm/broken.drl"), "rule oops when then end");

        assertThat(run("preview", "--rules", "rules", "--proposed", proposed.toString(), "--data", data)).isEqualTo(2);
        assertThat(err.toString()).contains("do not compile");
    }

    @Test
    void users_the_proposed_rules_fail_on_are_printed_with_the_failing_rule() {
        Path proposed = importedWithProposed("long-names.drl", TestRules.failingOn("entitlement.long-names-only",
                "department == \"Sales\""));
        out.reset();

        int exit = run("preview", "--rules", "rules", "--proposed", proposed.toString(), "--data", data(), "--app", "contoso-crm");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("olivia.hart@contoso.com: create (NoMatchFound) → none (RuleFailed) by entitlement.long-names-only");
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Imports the samples' tenant and returns a copy of the shipped rules with {@code file} added to the app. */
    private Path importedWithProposed(String file, String drl) {
        assertThat(run("import", "--data", data(), "samples/tenant.json")).isZero();
        Path proposed = TestRules.copyShipped(dir.resolve("proposed"));
        TestRules.write(proposed.resolve("contoso-crm").resolve(file), drl);
        return proposed;
    }
}
