package io.provisor;

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
    void the_jar_serves_the_api() throws Exception {
        Process process = start(List.of("serve", "--rules", "rules", "--data", dir.toString(), "--port", "0"));
        try {
            var stderr = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            String url = null;
            while (url == null && (line = stderr.readLine()) != null) {
                int at = line.indexOf("on http://");
                if (at >= 0) {
                    url = line.substring(at + 3).strip();
                }
            }
            assertThat(url).as("the server announces its address").isNotNull();
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/apps"))
                    .header("Authorization", "Bearer jar-test-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).contains("contoso-crm");
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
