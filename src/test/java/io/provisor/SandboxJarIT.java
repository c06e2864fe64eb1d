package io.provisor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox SCIM app runs from the packaged jar: its SCIM-SDK and dependencies are on the jar's class path. */
class SandboxJarIT {

    @TempDir
    Path dir;

    @Test
    void the_packaged_jar_starts_the_sandbox_and_it_answers() throws Exception {
        Path program = dir.resolve("StartSandbox.java");
        Files.writeString(program, """
                import io.provisor.sandbox.SandboxScimServer;
                import java.net.URI;
                import java.net.http.HttpClient;
                import java.net.http.HttpRequest;
                import java.net.http.HttpResponse;

                public class StartSandbox {
                    public static void main(String[] args) throws Exception {
                        try (SandboxScimServer sandbox = new SandboxScimServer(0, "jar-token").start()) {
                            HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/Users"))
                                    .header("Authorization", "Bearer jar-token").build();
                            HttpResponse<String> reply = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                            System.out.println(reply.statusCode() + " " + reply.body());
                        }
                    }
                }
                """);
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JarIT.JAR.toString(), program.toString())).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("200 {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0");
    }
}
