package io.provisor.store;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class H2DirectoryStoreTest extends DirectoryStoreContract {

    @TempDir
    Path dir;

    @Override
    StoreSettings settings() {
        return TestDatabases.h2(dir);
    }

    private int writeDelay() {
        return database.transaction(connection -> {
            try (var statement = connection.createStatement(); var rs = statement.executeQuery(Dialect.H2.readWriteDelay())) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void a_bulk_load_delays_commits_until_it_has_built_its_indexes() {
        assertThat(writeDelay()).isZero();
        store.beginBulkLoad();
        assertThat(store.commitsDelayed()).isTrue();
        assertThat(writeDelay()).isPositive();
        store.checkpoint();
        assertThat(writeDelay()).as("kept").isPositive();

        store.buildIndexes();
        assertThat(store.commitsDelayed()).isFalse();
        assertThat(writeDelay()).isZero();
    }

    @Test
    void the_write_delay_a_killed_bulk_load_left_in_the_database_is_forgotten_when_it_opens() {
        // a URL that sets no write delay of its own, so the database's own setting counts
        database.close();
        settings = new StoreSettings("jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath(), "sa", "", null);
        database = Database.open(settings);
        store = new DirectoryStore(database);
        store.beginBulkLoad();
        database.close(); // H2 keeps the setting; a killed process would too

        database = Database.open(settings);
        store = new DirectoryStore(database);
        assertThat(writeDelay()).as("H2's default").isEqualTo(500);
    }
}
