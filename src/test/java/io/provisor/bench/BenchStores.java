package io.provisor.bench;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The store a benchmark runs on: {@code db=h2} (default) in a folder, or {@code db=pg} in a fresh schema. */
final class BenchStores {

    private BenchStores() {
    }

    /**
     * PostgreSQL comes from PROVISOR_TEST_PG_URL, else the {@code pg=} option, else the local test database; the
     * schema is {@code schema=} (one kept by an earlier run with {@code keep=true}) or a new one.
     */
    static StoreSettings of(Map<String, String> options, Path h2Folder, String schemaPrefix) {
        if (!"pg".equals(options.getOrDefault("db", "h2"))) {
            return TestDatabases.h2(h2Folder);
        }
        String url = System.getenv(TestDatabases.PG_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            url = options.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        String schema = options.getOrDefault("schema", schemaPrefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        return new StoreSettings(url, null, null, schema);
    }
}
