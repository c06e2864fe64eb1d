package io.provisor.directory;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresDirectoryTest extends DirectoryContract {

    @Override
    StoreSettings settings() {
        return TestDatabases.postgres();
    }
}
