package io.provisor.cli;

import io.provisor.TestRules;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code provisor cycle}: runs the next cycle with a progress bar and prints its summary. */
class CycleCommandTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ScimTarget target = SandboxTarget.get();

    private int run(Map<String, String> env, String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .run(List.of(args));
    }

    @Test
    void a_cycle_provisions_into_the_target_and_prints_its_summary_after_a_progress_bar() throws Exception {
        target.reset();
        Path rules = TestRules.copyShipped(dir);
        Path appJson = rules.resolve("contoso-crm/app.json");
        Files.writeString(appJson, Files.readString(appJson).replaceFirst("\"connector\"\\s*:\\s*\\{[^}]*\\}",
                "\"connector\": {\"type\": \"scim\", \"baseUrl\": \"" + target.baseUrl()
                        + "\", \"auth\": {\"type\": \"bearer\", \"tokenEnv\": \"CRM_TOKEN\"}}"));
        assertThat(run(Map.of(), "import", "--data", dir.resolve("data").toString(), "samples/tenant.json")).isZero();
        out.reset();

        int exit = run(Map.of("CRM_TOKEN", target.token()), "cycle", "--rules", rules.toString(), "--data", dir.resolve("data").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"app\":\"contoso-crm\"", "\"outcome\":\"completed\"");
        assertThat(err.toString()).contains("contoso-crm initial [", "% ", "created");
        assertThat(target.users()).hasSizeGreaterThan(5);
        assertThat(out.toString() + err.toString()).doesNotContain(target.token());
    }

    @Test
    void the_sandbox_connector_outside_serve_is_a_one_line_error() {
        int exit = run(Map.of(), "cycle", "--rules", "rules", "--data", dir.resolve("data").toString(), "--app", "contoso-crm");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("provisor: ").doesNotContain("\n")
                .endsWith("app `contoso-crm` provisions into the sandbox, which runs only inside `provisor serve`");
    }

    @Test
    void an_unknown_app_is_a_usage_error() {
        assertThat(run(Map.of(), "cycle", "--rules", "rules", "--data", dir.resolve("data").toString(), "--app", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no app `nope`");
    }
}
