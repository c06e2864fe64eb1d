package io.provisor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisor.store.Database;
import io.provisor.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provisor compact}: shrinks the embedded H2 file of a stopped provisor. A store another process holds is
 * refused (JarIT): in this JVM H2 would hand the command the same open database.
 */
class CompactCommandTest {

    private static final int ROWS = 3_000;

    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();

    @Test
    void compacting_a_stopped_store_shrinks_its_file_and_keeps_its_rows() throws Exception {
        Path data = dir.resolve("data");
        try (Database database = Database.open(StoreSettings.embedded(data))) {
            writeRowsTwice(database);
        }
        Path file = data.resolve("provisor.mv.db");
        long before = Files.size(file);

        assertThat(cli.run("compact", "--data", data.toString())).isZero();

        assertThat(Files.size(file)).isLessThan(before / 2);
        assertThat(cli.err()).matches("provisor: compacted " + Pattern.quote(file.toAbsolutePath().toString())
                + " from [0-9.]+ MB to [0-9.]+ MB in [0-9.]+ s\\R");
        try (Database database = Database.open(StoreSettings.embedded(data))) {
            List<Integer> countAndOldest = database.transaction(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT COUNT(*), MIN(version) FROM churn")) {
                    rs.next();
                    return List.of(rs.getInt(1), rs.getInt(2));
                }
            });
            assertThat(countAndOldest).containsExactly(ROWS, 1);
        }
    }

    @Test
    void a_postgresql_store_is_refused_before_any_connection() {
        assertThat(cli.run("compact", "--db-url", "jdbc:postgresql://127.0.0.1:1/none")).isEqualTo(2);
        assertThat(cli.err()).contains("compact works on the embedded H2 file only");
    }

    @Test
    void a_folder_without_a_store_is_reported() {
        assertThat(cli.run("compact", "--data", dir.resolve("nothing").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("no H2 database at");
    }

    /** Every row written, then written again, one small commit at a time in random order, as cycles write. */
    private static void writeRowsTwice(Database database) {
        database.transaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE churn (id INT PRIMARY KEY, version INT NOT NULL, payload VARCHAR(600) NOT NULL)");
            }
            return null;
        });
        List<Integer> ids = new ArrayList<>(IntStream.range(0, ROWS).boxed().toList());
        for (int version = 0; version < 2; version++) {
            Collections.shuffle(ids, new Random(version));
            for (int from = 0; from < ROWS; from += 10) {
                List<Integer> commit = ids.subList(from, from + 10);
                int round = version;
                database.transaction(connection -> {
                    try (PreparedStatement merge = connection.prepareStatement(
                            "MERGE INTO churn (id, version, payload) KEY (id) VALUES (?, ?, ?)")) {
                        for (int id : commit) {
                            merge.setInt(1, id);
                            merge.setInt(2, round);
                            merge.setString(3, ("row " + id + " ").repeat(50));
                            merge.addBatch();
                        }
                        merge.executeBatch();
                    }
                    return null;
                });
            }
        }
    }
}
