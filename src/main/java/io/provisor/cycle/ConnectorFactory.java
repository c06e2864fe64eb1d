package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.connector.Connector;
import java.util.Optional;
import java.util.function.Function;

/** Builds an app's connector from its connector settings; secrets are looked up by name, never stored in the settings. */
@FunctionalInterface
public interface ConnectorFactory {

    /** Throws {@link io.provisor.codec.BadInput} when the settings are invalid. */
    Connector open(String app, JsonNode settings, Function<String, Optional<String>> secrets);
}
