package io.provisor.store;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresBulkWritesTest extends BulkWritesContract {

    @Override
    StoreSettings settings() {
        return TestDatabases.postgres();
    }
}
