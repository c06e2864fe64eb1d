package io.provisor.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import java.util.Optional;
import java.util.function.Function;

/** Opens the connector an app's settings name by their {@code type}. */
public final class Connectors {

    private Connectors() {
    }

    public static Connector open(String app, JsonNode settings, Function<String, Optional<String>> secrets) {
        String type = settings.path("type").asText("");
        throw new BadInput("/connector/type", "unknown connector type `" + type + "` for app `" + app + "`");
    }
}
