package io.provisor.cycle;

import io.provisor.store.Database;
import io.provisor.store.JobStore;
import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cycle's outcome writer refreshes PostgreSQL's statistics once the outcome tables have grown, so prepared
 * statements planned on empty tables are planned again. Autovacuum is switched off for the test's tables:
 * only provisor's own refresh can give the planner their sizes.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresOutcomeStatisticsTest {

    @Test
    void the_planner_learns_the_link_and_log_tables_sizes_during_a_cycle() {
        StoreSettings settings = TestDatabases.postgres();
        try (Database database = Database.open(settings)) {
            JobStore jobs = new JobStore(database);
            database.transaction(connection -> {
                for (String table : List.of("app_link", "provisioning_log")) {
                    connection.createStatement().execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
                }
                return null;
            });
            assertThat(rowsKnownToPlanner(database, "app_link")).isLessThan(1); // never analyzed: -1

            try (OutcomeWriter writer = OutcomeWriterTest.batched(jobs)) {
                for (int i = 0; i < OutcomeWriter.FIRST_ANALYZE - 1; i++) {
                    writer.commit(OutcomeWriterTest.outcome("u" + i, OutcomeWriterTest.entry("u" + i)));
                }
                writer.awaitCommitted();
                assertThat(rowsKnownToPlanner(database, "app_link")).as("before the first threshold").isLessThan(1);

                writer.commit(OutcomeWriterTest.outcome("last", OutcomeWriterTest.entry("last")));
                writer.awaitCommitted();
            }

            assertThat(rowsKnownToPlanner(database, "app_link")).isEqualTo(OutcomeWriter.FIRST_ANALYZE);
            assertThat(rowsKnownToPlanner(database, "provisioning_log")).isEqualTo(OutcomeWriter.FIRST_ANALYZE);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private static long rowsKnownToPlanner(Database database, String table) {
        return database.transaction(connection -> {
            try (var rs = connection.createStatement().executeQuery(
                    "SELECT reltuples FROM pg_class WHERE oid = to_regclass('" + table + "')")) {
                rs.next();
                return (long) rs.getFloat(1);
            }
        });
    }
}
