package io.provisor.directory;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2DirectoryTest extends DirectoryContract {

    @TempDir
    Path dir;

    @Override
    StoreSettings settings() {
        return TestDatabases.h2(dir);
    }
}
