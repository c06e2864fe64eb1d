package io.provisor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.cycle.Provisioning;
import io.provisor.sandbox.SandboxScimServer;
import io.provisor.sandbox.SharedSandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Starts the sandbox SCIM app when an app's connector is {@code {"type": "sandbox", "port": N}}, so a
 * newcomer sees accounts appear in a real SCIM app on loopback. Its token is kept, owner-readable only,
 * in the data folder; it is never printed.
 */
final class SandboxLauncher {

    static final int DEFAULT_PORT = 9090;

    private SandboxLauncher() {
    }

    /** {@code portOverride} (PROVISOR_SANDBOX_PORT) replaces the settings' port when given; 0 takes any free port. */
    static void startIfConfigured(Provisioning provisioning, Path dataDir, Integer portOverride, PrintStream err) {
        for (String app : provisioning.library().apps()) {
            JsonNode settings;
            try {
                settings = provisioning.connectorSettings(app);
            } catch (RuntimeException e) {
                continue; // the app's status will say what is wrong with its settings
            }
            if (!"sandbox".equals(settings.path("type").asText())) {
                continue;
            }
            if (SharedSandbox.running().isEmpty()) {
                Path tokenFile = dataDir.resolve("sandbox-token");
                int port = portOverride != null ? portOverride : settings.path("port").asInt(DEFAULT_PORT);
                SandboxScimServer server = SharedSandbox.start(port, token(tokenFile));
                err.println("provisor: sandbox SCIM app at " + server.baseUrl() + " (bearer token in " + tokenFile + ")");
            }
        }
    }

    private static String token(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the sandbox token in " + file, e);
        }
    }
}
