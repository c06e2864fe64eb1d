package io.provisor.scimtarget;

import io.provisor.sandbox.SandboxScimServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The sandbox SCIM app alone in a JVM, for {@link SandboxProcess}: takes its bearer token from
 * {@value #TOKEN_VARIABLE} (kept off the command line), prints {@value #READY} and its base URL, then
 * answers {@value #RESET} lines on stdin (empties the server, prints {@value #RESET_DONE}) until stdin
 * closes, which happens when the JVM that started it exits, however it exits.
 */
public final class SandboxProcessMain {

    static final String TOKEN_VARIABLE = "SANDBOX_PROCESS_TOKEN";
    static final String READY = "sandbox listening on ";
    static final String RESET = "reset";
    static final String RESET_DONE = "reset done";

    private SandboxProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            System.err.println("sandbox process: set " + TOKEN_VARIABLE);
            System.exit(2);
        }
        try (SandboxScimServer server = new SandboxScimServer(0, token).start()) {
            System.out.println(READY + server.baseUrl());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (RESET.equals(line.trim())) {
                    server.clear();
                    System.out.println(RESET_DONE);
                    System.out.flush();
                } else {
                    System.err.println("sandbox process: unknown command `" + line + "`");
                }
            }
        }
        System.exit(0);
    }
}
