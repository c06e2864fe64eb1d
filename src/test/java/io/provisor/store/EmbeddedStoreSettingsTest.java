package io.provisor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store runs with the settings StoreSettings.embedded documents, as H2 reports them once open. */
class EmbeddedStoreSettingsTest {

    @TempDir
    Path dir;

    @Test
    void embeddedH2WritesEachCommitOutAndKeepsASmallPageCache() {
        try (Database database = Database.open(StoreSettings.embedded(dir))) {
            Map<String, String> settings = database.transaction(connection -> {
                Map<String, String> read = new HashMap<>();
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                        "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
                    while (rs.next()) {
                        read.put(rs.getString(1), rs.getString(2));
                    }
                }
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT LOCK_TIMEOUT()")) {
                    rs.next();
                    read.put("LOCK_TIMEOUT", rs.getString(1));
                }
                return read;
            });
            assertEquals("0", settings.get("WRITE_DELAY"));
            assertEquals("64", settings.get("QUERY_CACHE_SIZE"));
            assertEquals("4096", settings.get("CACHE_SIZE"));
            assertEquals("4", settings.get("info.CACHE_MAX_SIZE"), "the page cache's limit in MB");
            assertEquals("10000", settings.get("LOCK_TIMEOUT"), "how long a log writer waits for the log's counter");
        }
    }
}
