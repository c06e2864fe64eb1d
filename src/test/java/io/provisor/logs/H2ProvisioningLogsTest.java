package io.provisor.logs;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2ProvisioningLogsTest extends ProvisioningLogsContract {

    @TempDir
    Path dir;

    @Override
    StoreSettings settings() {
        return TestDatabases.h2(dir);
    }
}
