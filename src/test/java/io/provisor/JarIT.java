package io.provisor;

import io.provisor.store.Database;
import io.provisor.store.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, run as users run it: Drools finds its services from target/lib and the API serves. */
class JarIT {

    static final Path JAR = Path.of("target/provisor.jar");

    @TempDir
    Path dir;

    private Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("PROVISOR_API_TOKEN", "jar-test-token-0123456789");
        builder.environment().put("PROVISOR_SANDBOX_PORT", "0");
        return builder.start();
    }

    @Test
    void the_jar_evaluates_a_request_from_the_command_line() throws Exception {
        Path request = dir.resolve("r.json");
        Files.writeString(request, "{\"user\": {\"id\": \"u1\", \"userPrincipalName\": \"a@contoso.com\", \"department\": \"Sales\","
                + " \"country\": \"US\"}, \"assignments\": [{\"principalId\": \"u1\", \"principalType\": \"User\"}]}");
        Process process = start(List.of("evaluate", "--rules", "rules", "--app", "contoso-crm", request.toString()));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("\"action\" : \"create\"");
    }

    @Test
    void the_readme_run_command_imports_the_samples_tenant_once_and_serves_it() throws Exception {
        Process first = start(List.of("import", "--data", dir.toString(), "samples/tenant.json"));
        String report = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(report).contains("\"users\":53", "\"complete\":true");

        Process again = start(List.of("import", "--data", dir.toString(), "samples/tenant.json"));
        String second = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second).contains("\"changes\":0");

        String reply = servedReply("/api/v1/apps/contoso-crm/evaluate", "{\"userId\": \"f5aa0767-bf5d-4860-8ecb-2ab08f021fa0\"}");
        assertThat(reply).contains("NestedGroupNotSupported");
    }

    @Test
    void the_jar_runs_the_samples_policy_tests() throws Exception {
        Process process = start(List.of("test", "--rules", "rules"));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).contains("PASS a user assigned directly as Sales Rep gets an account", "24 passed, 0 failed",
                "rules not covered by any test:");
    }

    @Test
    void a_bad_snapshot_is_one_line_on_stderr_and_a_non_zero_exit() throws Exception {
        Path bad = dir.resolve("bad.ndjson");
        Files.writeString(bad, "{\"@odata.type\": \"#microsoft.graph.user\"}\n");
        Process process = start(List.of("import", "--data", dir.toString(), bad.toString()));
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(err.strip()).isEqualTo("provisor: " + bad + ": record 1 (line 1) /id: an id is required");
    }

    @Test
    void compact_leaves_a_store_that_another_process_holds_alone_with_a_one_line_reason() throws Exception {
        try (Database running = Database.open(StoreSettings.embedded(dir))) {
            Process process = start(List.of("compact", "--data", dir.toString()));
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(2);
            assertThat(err.strip()).isEqualTo("provisor: the database " + dir.toAbsolutePath().resolve("provisor.mv.db")
                    + " is in use: stop provisor, then compact");
        }
    }

    /** Serves the data folder, sends one request (POST when a body is given) and returns the body. */
    private String servedReply(String path, String body) throws Exception {
        Process process = start(List.of("serve", "--rules", "rules", "--data", dir.toString(), "--port", "0"));
        try {
            String url = announcedUrl(process);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer jar-test-token-0123456789");
            if (body != null) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> reply = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            return reply.body();
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String announcedUrl(Process process) throws IOException {
        var stderr = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stderr.readLine()) != null) {
            // Only provisor's own line: the sandbox's log line also says "on http://".
            int at = line.indexOf("on http://");
            if (at >= 0 && line.startsWith("provisor: serving")) {
                return line.substring(at + 3).strip();
            }
        }
        throw new AssertionError("the server never announced its address");
    }

    @Test
    void the_readme_run_command_provisions_the_samples_into_the_sandbox_in_a_first_cycle() throws Exception {
        Process imported = start(List.of("import", "--data", dir.toString(), "samples/tenant.json"));
        imported.getInputStream().readAllBytes();
        assertThat(imported.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Process process = start(List.of("serve", "--rules", "rules", "--data", dir.toString(), "--port", "0"));
        try {
            var stderr = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String sandbox = null;
            String line;
            while ((line = stderr.readLine()) != null && !line.startsWith("provisor: serving")) {
                if (line.contains("sandbox SCIM app at ")) {
                    sandbox = line.substring(line.indexOf(" at ") + 4, line.indexOf(" (")).strip();
                }
            }
            assertThat(sandbox).as("the sandbox announced itself").isNotNull();
            String token = Files.readString(dir.resolve("sandbox-token")).trim();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest users = HttpRequest.newBuilder(URI.create(sandbox + "/Users?count=1"))
                    .header("Authorization", "Bearer " + token).build();
            String api = null;
            if (line != null) {
                api = line.substring(line.indexOf("on http://") + 3).strip();
            }
            assertThat(api).as("the API announced itself").isNotNull();
            HttpRequest status = HttpRequest.newBuilder(URI.create(api + "/api/v1/apps/contoso-crm/status"))
                    .header("Authorization", "Bearer jar-test-token-0123456789").build();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode job = null;
            // The first cycle starts on launch; wait until the job reports it finished.
            for (int attempt = 0; attempt < 1200; attempt++) {
                job = json.readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
                if (job.path("lastCycle").path("outcome").isTextual()) {
                    break;
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertThat(job.path("lastCycle").path("outcome").asText()).as(job.toString()).isEqualTo("completed");
            com.fasterxml.jackson.databind.JsonNode page = json.readTree(http.send(users, HttpResponse.BodyHandlers.ofString()).body());
            assertThat(page.path("totalResults").asInt()).as("accounts appeared in the sandbox").isGreaterThan(5);
            String body = page.toString();
            assertThat(body).contains("userName").doesNotContain(token);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_jar_serves_the_api() throws Exception {
        assertThat(servedReply("/api/v1/apps", null)).contains("contoso-crm");
    }
}
