package io.provisor.cycle;

import io.provisor.connector.Connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.connector.scim.InvalidSettings;
import io.provisor.connector.scim.ScimConnector;
import io.provisor.sandbox.SandboxScimServer;
import io.provisor.sandbox.SharedSandbox;
import java.util.Optional;
import java.util.function.Function;

/**
 * Opens the connector an app's settings name by their {@code type}: {@code scim} for a SCIM 2.0 app, or
 * {@code sandbox} for the in-process SCIM app that {@code provisor serve} starts on loopback.
 */
public final class Connectors {

    /** The secret name under which the sandbox's own token is handed to the SCIM connector. */
    public static final String SANDBOX_TOKEN = "PROVISOR_SANDBOX_TOKEN";

    private Connectors() {
    }

    public static Connector open(String app, JsonNode settings, Function<String, Optional<String>> secrets) {
        String type = settings.path("type").asText("");
        try {
            return switch (type) {
                case "scim" -> ScimConnector.fromConfig(settings, "/connector", secrets);
                case "sandbox" -> sandbox(app, settings);
                default -> throw new BadInput("/connector/type", "unknown connector type `" + type + "` for app `" + app
                        + "`; use `scim` or `sandbox`");
            };
        } catch (InvalidSettings e) {
            String message = e.getMessage();
            String prefix = e.pointer() + ": ";
            throw new BadInput(e.pointer(), message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    private static Connector sandbox(String app, JsonNode settings) {
        SandboxScimServer server = SharedSandbox.running().orElseThrow(() -> new BadInput("/connector/type",
                "app `" + app + "` provisions into the sandbox, which runs only inside `provisor serve`"));
        ObjectNode scim = Json.mapper().createObjectNode().put("type", "scim").put("baseUrl", server.baseUrl().toString());
        scim.putObject("auth").put("type", "bearer").put("tokenEnv", SANDBOX_TOKEN);
        if (settings.has("timeoutSeconds")) {
            scim.set("timeoutSeconds", settings.get("timeoutSeconds"));
        }
        return ScimConnector.fromConfig(scim, "/connector", name -> SANDBOX_TOKEN.equals(name)
                ? Optional.of(SharedSandbox.token()) : Optional.empty());
    }
}
