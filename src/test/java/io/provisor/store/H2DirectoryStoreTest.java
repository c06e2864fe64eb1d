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
    void a_user_stored_before_v8_keeps_its_document_which_moves_to_the_table_apart() throws Exception {
        StoreSettings before = TestDatabases.h2(dir.resolve("v7"));
        org.flywaydb.core.Flyway.configure().dataSource(before.url(), before.user(), before.password())
                .locations("classpath:db/migration").target("7").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(before.url(), before.user(), before.password());
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO directory_user (id, display_name, document, content_hash, last_change)"
                    + " VALUES ('u1', 'One', '{\"id\":\"u1\"}', 'h1', 7)");
        }

        try (Database migrated = Database.open(before)) {
            DirectoryStore users = new DirectoryStore(migrated);
            assertThat(users.user("u1")).get().extracting(Rows.UserRow::document).isEqualTo("{\"id\":\"u1\"}");
            users.write(w -> w.putUser(user("u2", "Two")));
            assertThat(users.user("u2")).get().extracting(Rows.UserRow::displayName).isEqualTo("Two");
            assertThat(users.user("u1")).get().extracting(Rows.UserRow::displayName).isEqualTo("One");
        }
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
