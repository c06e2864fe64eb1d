package io.provisor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written in many small commits, as a cycle writes it, with the housekeeping's steps run by the test.
 * H2 keeps a replaced chunk for 45 s before it may rewrite or reuse it; the tests set that to 0 so that a step
 * sees at once what it would see 45 s later.
 */
class H2HousekeepingTest {

    private static final int ROWS = 4_000;
    private static final int ROWS_PER_COMMIT = 20;

    @TempDir
    Path dir;

    private JdbcDataSource source;
    /** Keeps the database open between the other connections. */
    private Connection holder;
    private final Random random = new Random(7);
    /** The commits {@link #writeRound} made, as {@link Database} counts its own. */
    private final AtomicLong commits = new AtomicLong();

    @BeforeEach
    void open() throws SQLException {
        source = new JdbcDataSource();
        source.setURL("jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + ";WRITE_DELAY=0");
        source.setUser("sa");
        holder = source.getConnection();
        try (Statement statement = holder.createStatement()) {
            statement.execute("SET RETENTION_TIME 0");
            statement.execute("CREATE TABLE churn (id INT PRIMARY KEY, version INT NOT NULL, payload VARCHAR(600) NOT NULL)");
            statement.execute("CREATE TABLE kept (id INT PRIMARY KEY, payload VARCHAR(600) NOT NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        holder.close();
    }

    @Test
    void steps_rewrite_the_emptiest_chunks_until_the_store_is_filled_to_the_target() throws SQLException {
        H2Housekeeping housekeeping = churnedTwice();
        long checksum = checksum();

        int steps = 0;
        while (housekeeping.step()) {
            steps++;
        }
        assertTrue(steps > 0);
        assertAtTarget(housekeeping);
        assertEquals(checksum, checksum());
    }

    @Test
    void a_step_after_each_round_keeps_the_file_from_growing() throws SQLException {
        H2Housekeeping housekeeping = H2Housekeeping.manual(source, commits::get);
        List<Long> sizes = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            writeRound(round);
            housekeeping.step();
            sizes.add(housekeeping.fileBytes());
        }
        assertTrue(sizes.get(5) <= sizes.get(1) * 3 / 2, "file sizes after each round: " + sizes);
    }

    @Test
    void a_store_idle_since_the_last_look_is_brought_to_the_target() throws SQLException {
        H2Housekeeping housekeeping = churnedTwice();
        int before = housekeeping.fillPercent();

        housekeeping.stepWhileIdle(); // the first look: nothing known about the store yet
        assertEquals(before, housekeeping.fillPercent());
        housekeeping.stepWhileIdle();
        writeOneRow(); // H2 frees the chunks a step emptied as it writes the next commit

        assertAtTarget(housekeeping);
    }

    @Test
    void a_store_that_was_written_since_the_last_look_is_left_alone_until_it_is_idle() throws SQLException {
        H2Housekeeping housekeeping = H2Housekeeping.manual(source, commits::get);
        writeRound(0);
        housekeeping.stepWhileIdle();
        writeRound(1);
        int before = housekeeping.fillPercent();
        assertTrue(before < H2Housekeeping.TARGET_FILL_PERCENT, "the churn left the chunks " + before + " % full");

        housekeeping.stepWhileIdle();
        assertEquals(before, housekeeping.fillPercent());
        housekeeping.stepWhileIdle();
        writeOneRow();
        assertAtTarget(housekeeping);
    }

    @Test
    void a_database_on_embedded_h2_looks_after_its_file() {
        try (Database database = Database.open(StoreSettings.embedded(dir.resolve("data")))) {
            assertNotNull(database.housekeeping());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
    void a_database_on_postgresql_leaves_its_files_to_postgresql() {
        StoreSettings postgres = TestDatabases.postgres();
        try (Database database = Database.open(postgres)) {
            assertNull(database.housekeeping());
        } finally {
            TestDatabases.drop(postgres);
        }
    }

    /** Housekeeping for a store written twice over, whose chunks are left below the target. */
    private H2Housekeeping churnedTwice() throws SQLException {
        H2Housekeeping housekeeping = H2Housekeeping.manual(source, commits::get);
        writeRound(0);
        writeRound(1);
        int fill = housekeeping.fillPercent();
        assertTrue(fill < H2Housekeeping.TARGET_FILL_PERCENT, "the churn left the chunks " + fill + " % full");
        return housekeeping;
    }

    private static void assertAtTarget(H2Housekeeping housekeeping) {
        assertTrue(housekeeping.fillPercent() >= H2Housekeeping.TARGET_FILL_PERCENT,
                "the chunks are " + housekeeping.fillPercent() + " % full");
    }

    /**
     * Each row of {@code churn} written again in random order, and as many new rows in {@code kept} that stay: each
     * commit's chunk keeps a few live pages, as a cycle's commits keep their log records.
     */
    private void writeRound(int round) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, random);
        try (Connection connection = source.getConnection();
             PreparedStatement merge = connection.prepareStatement("MERGE INTO churn (id, version, payload) KEY (id) VALUES (?, ?, ?)");
             PreparedStatement keep = connection.prepareStatement("INSERT INTO kept (id, payload) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < ids.size(); i++) {
                merge.setInt(1, ids.get(i));
                merge.setInt(2, round);
                merge.setString(3, payload(ids.get(i), round));
                merge.addBatch();
                if (i % ROWS_PER_COMMIT == 0) {
                    keep.setInt(1, round * ROWS + i);
                    keep.setString(2, payload(i, round));
                    keep.addBatch();
                }
                if ((i + 1) % ROWS_PER_COMMIT == 0) {
                    merge.executeBatch();
                    keep.executeBatch();
                    connection.commit();
                    commits.incrementAndGet();
                }
            }
            merge.executeBatch();
            keep.executeBatch();
            connection.commit();
            commits.incrementAndGet();
        }
    }

    private void writeOneRow() throws SQLException {
        try (Statement statement = holder.createStatement()) {
            statement.execute("INSERT INTO kept (id, payload) VALUES (-1, 'one more')");
        }
    }

    private static String payload(int id, int round) {
        return (id + "-" + round + "-").repeat(40);
    }

    private long checksum() throws SQLException {
        try (Statement statement = holder.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT SUM(CAST(ORA_HASH(payload) AS BIGINT) + version) FROM churn),"
                     + " (SELECT SUM(CAST(ORA_HASH(payload) AS BIGINT)) FROM kept)")) {
            rs.next();
            return rs.getLong(1) * 31 + rs.getLong(2);
        }
    }
}
