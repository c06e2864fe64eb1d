package io.provisor.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2BulkWritesTest extends BulkWritesContract {

    @TempDir
    Path dir;

    @Override
    StoreSettings settings() {
        return TestDatabases.h2(dir);
    }
}
