package io.provisor.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every pooled connection stays in the app's schema. A schema set by a statement in a connection's
 * first transaction is undone when that transaction rolls back; a rejected write on a new connection
 * must not leave it reading and writing outside the schema.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresPoolSchemaTest {

    static final int POOL = 8;

    @Test
    void connections_whose_first_transaction_rolled_back_still_work_in_the_schema() throws Exception {
        StoreSettings settings = TestDatabases.postgres();
        try (Database database = Database.open(settings)) {
            // every connection of the pool at once, each transaction rolled back
            onEveryConnection(database, connection -> {
                throw new IllegalStateException("rejected");
            }, true);
            Set<String> searchPaths = ConcurrentHashMap.newKeySet();
            onEveryConnection(database, connection -> {
                try (var rs = connection.createStatement().executeQuery("SHOW search_path")) {
                    rs.next();
                    searchPaths.add(rs.getString(1));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, false);

            assertThat(searchPaths).isNotEmpty().allSatisfy(path -> assertThat(path).contains(settings.schema()));
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private static void onEveryConnection(Database database, Consumer<java.sql.Connection> work, boolean fails) throws Exception {
        CountDownLatch all = new CountDownLatch(POOL);
        ExecutorService threads = Executors.newFixedThreadPool(POOL);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                done.add(threads.submit(() -> {
                    Runnable transaction = () -> database.transaction(connection -> {
                        all.countDown();
                        try {
                            assertThat(all.await(30, TimeUnit.SECONDS)).as("all connections taken at once").isTrue();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        work.accept(connection);
                        return null;
                    });
                    if (fails) {
                        assertThatThrownBy(transaction::run).hasMessageContaining("rejected");
                    } else {
                        transaction.run();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
