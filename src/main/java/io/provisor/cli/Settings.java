package io.provisor.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where provisor finds its rules and keeps its data, from options first, then the environment, then defaults.
 *
 * @param apiToken the configured token, or null to use (or create) the one in the data folder
 */
record Settings(Path rulesDir, Path dataDir, String host, int port, String apiToken) {

    static Settings from(Args args, Map<String, String> env) {
        return new Settings(
                Path.of(args.option("rules", env.getOrDefault("PROVISOR_RULES_DIR", "rules"))),
                Path.of(args.option("data", env.getOrDefault("PROVISOR_DATA_DIR", "data"))),
                args.option("host", env.getOrDefault("PROVISOR_HOST", "127.0.0.1")),
                args.intOption("port", Integer.parseInt(env.getOrDefault("PROVISOR_PORT", "8080"))),
                env.get("PROVISOR_API_TOKEN"));
    }
}
