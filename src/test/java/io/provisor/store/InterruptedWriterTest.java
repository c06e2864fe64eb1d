package io.provisor.store;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread that writes while interrupted must not take the embedded database down: H2's file channel
 * closes when an interrupted thread does I/O on it, and H2 then closes the whole database until the
 * next start (this test failed that way before the store set interrupts aside).
 */
class InterruptedWriterTest {

    @TempDir
    Path dir;

    @Test
    void an_interrupted_writer_commits_and_the_embedded_database_stays_open() throws Exception {
        try (Database database = Database.open(StoreSettings.embedded(dir))) {
            DirectoryStore store = new DirectoryStore(database);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> written = thread.submit(() -> {
                    Thread.currentThread().interrupt(); // as if interrupted just before the commit's file write
                    store.write(w -> w.putUser(DirectoryStoreContract.user("u1", "Ada")));
                    return Thread.interrupted(); // the interrupt is kept for the caller to see
                });
                assertThat(written.get()).as("the writer still sees its interrupt").isTrue();
            } finally {
                thread.shutdown();
            }

            store.write(w -> w.putUser(DirectoryStoreContract.user("u2", "Grace")));
            assertThat(store.user("u1")).isPresent();
            assertThat(store.user("u2")).isPresent();
        }
        try (Database reopened = Database.open(StoreSettings.embedded(dir))) {
            assertThat(new DirectoryStore(reopened).user("u1")).as("the interrupted commit is on disk").isPresent();
        }
    }
}
