package io.provisor;

import io.provisor.directory.Directory;
import io.provisor.directory.ImportReport;
import io.provisor.directory.SnapshotImporter;
import io.provisor.model.Change;
import io.provisor.store.Database;
import io.provisor.store.DirectoryStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real child JVM in the middle of an import and checks the store after restart: every batch it
 * reported committed is there, and whole, the change feed has no gap and matches the data, the indexes the
 * bulk load had left out are built again, and importing again finishes the job without duplicating anything.
 * On H2 a bulk load writes its commits out about once a second and reports them then, so the child is
 * killed after three reports, with commits that were never written out behind the last one. The snapshot is
 * large enough to outlast those reports on a fast machine: one imported 100,000 users before its third report.
 * Its ids have Graph's UUID form, which an import remembers without limit: other ids it remembers up to
 * 100,000, and past them it ends the bulk load and builds the indexes early, as a lookup then needs them.
 */
class ImportCrashIT {

    static final int USERS = 400_000;
    static final int REPORTS = 3;

    /** The index an import into an empty directory builds at its end. */
    static final String DEFERRED_INDEX = "group_member_member";

    @TempDir
    Path dir;

    @Test
    void a_killed_import_loses_no_committed_change_and_half_applies_none_on_h2() throws Exception {
        StoreSettings settings = StoreSettings.embedded(dir.resolve("db"));
        killMidImportAndCheck(settings);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
    void a_killed_import_loses_no_committed_change_and_half_applies_none_on_postgresql() throws Exception {
        StoreSettings settings = TestDatabases.postgres();
        try (Database created = Database.open(settings)) {
            // the schema exists before the child connects to it
        }
        try {
            killMidImportAndCheck(settings);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private void killMidImportAndCheck(StoreSettings settings) throws Exception {
        Path snapshot = dir.resolve("users.ndjson");
        try (Writer out = Files.newBufferedWriter(snapshot)) {
            for (int i = 0; i < USERS; i++) {
                out.write("{\"@odata.type\": \"#microsoft.graph.user\", \"id\": \"" + userId(i) + "\", \"userPrincipalName\": \"user" + i
                        + "@contoso.com\", \"displayName\": \"User " + i + "\", \"department\": \"Sales\"}\n");
            }
        }
        Process child = startImport(settings, snapshot);
        long reported = waitForReports(child, REPORTS);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(memberIndexes(settings)).as("killed in the middle of a bulk load, before it built its indexes")
                .doesNotContain(DEFERRED_INDEX);

        try (Database database = Database.open(settings)) {
            Set<String> healed = database.transaction(connection -> TestDatabases.indexes(connection, "group_member"));
            assertThat(healed).as("the store built the missing indexes when it opened").contains(DEFERRED_INDEX);
            DirectoryStore store = new DirectoryStore(database);
            long watermark = store.watermark();
            assertThat(watermark).as("every batch reported committed").isGreaterThanOrEqualTo(reported);
            assertThat(watermark % SnapshotImporter.DEFAULT_BATCH).as("only whole batches").isZero();
            assertGapFree(store, watermark);
            assertThat(store.user(userId(watermark - 1))).as("the last committed user").isPresent();
            assertThat(store.user(userId(watermark))).as("nothing after the last committed batch").isEmpty();

            ImportReport resumed;
            try (InputStream in = Files.newInputStream(snapshot)) {
                resumed = new SnapshotImporter(new Directory(store), SnapshotImporter.DEFAULT_BATCH).importNdjson(in);
            }
            assertThat(resumed.complete()).isTrue();
            assertThat(resumed.changes()).isEqualTo(USERS - watermark);
            assertGapFree(store, USERS);
            assertThat(store.changes(0, USERS + 1)).extracting(Change::objectId).doesNotHaveDuplicates();
        }
    }

    /** The i-th user's id, in Graph's UUID form. */
    private static String userId(long i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    /** The membership table's indexes, read without opening the store (which would build the missing ones). */
    private static Set<String> memberIndexes(StoreSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            if (settings.schema() != null) {
                connection.setSchema(settings.schema());
            }
            return TestDatabases.indexes(connection, "group_member");
        }
    }

    private static void assertGapFree(DirectoryStore store, long watermark) {
        List<Change> all = new ArrayList<>();
        List<Change> page;
        long after = 0;
        while (!(page = store.changes(after, 5000)).isEmpty()) {
            all.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertThat(all).extracting(Change::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, watermark).boxed().toList());
    }

    private Process startImport(StoreSettings settings, Path snapshot) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JarIT.JAR.toString(), "import", "--progress", "true", "--db-url", settings.url(), snapshot.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (settings.schema() != null) {
            builder.environment().put("PROVISOR_DB_SCHEMA", settings.schema());
        }
        return builder.start();
    }

    /** Waits for the child's n-th "committed" line on stderr; returns the records that line reports. */
    private static long waitForReports(Process child, int reports) throws Exception {
        BufferedReader stderr = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8));
        int seen = 0;
        long records = 0;
        String line;
        while (seen < reports && (line = stderr.readLine()) != null) {
            if (line.startsWith("provisor: committed")) {
                seen++;
                records = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        assertThat(seen).as("the child reported committed batches before it was killed").isEqualTo(reports);
        assertThat(records).as("killed in the middle of the import").isLessThan(USERS);
        return records;
    }
}
