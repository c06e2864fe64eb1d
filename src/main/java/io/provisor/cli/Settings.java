package io.provisor.cli;

import io.provisor.store.StoreSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where provisor finds its rules and keeps its data, from options first, then the environment, then defaults.
 *
 * @param apiToken the configured token, or null to use (or create) the one in the data folder
 */
record Settings(Path rulesDir, Path dataDir, String host, int port, String apiToken, StoreSettings store,
                int logRetentionDays) {

    static Settings from(Args args, Map<String, String> env) {
        Path dataDir = Path.of(args.option("data", env.getOrDefault("PROVISOR_DATA_DIR", "data")));
        String dbUrl = args.option("db-url", env.get("PROVISOR_DB_URL"));
        StoreSettings store = dbUrl == null || dbUrl.isBlank() ? StoreSettings.embedded(dataDir)
                : new StoreSettings(dbUrl, env.getOrDefault("PROVISOR_DB_USER", embeddedDefault(dbUrl, "sa")),
                        env.getOrDefault("PROVISOR_DB_PASSWORD", embeddedDefault(dbUrl, "")), env.get("PROVISOR_DB_SCHEMA"));
        return new Settings(
                Path.of(args.option("rules", env.getOrDefault("PROVISOR_RULES_DIR", "rules"))),
                dataDir,
                args.option("host", env.getOrDefault("PROVISOR_HOST", "127.0.0.1")),
                args.intOption("port", number(env, "PROVISOR_PORT", 8080)),
                env.get("PROVISOR_API_TOKEN"),
                store,
                number(env, "PROVISOR_LOG_RETENTION_DAYS", 30));
    }

    /** H2 files are created by their first user; provisor's embedded database uses `sa` with no password. */
    private static String embeddedDefault(String url, String value) {
        return url.startsWith("jdbc:h2:") ? value : null;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String text = env.get(name);
        try {
            return text == null || text.isBlank() ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, not `" + text + "`");
        }
    }
}
