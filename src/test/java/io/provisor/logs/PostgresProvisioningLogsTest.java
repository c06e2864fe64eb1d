package io.provisor.logs;

import io.provisor.store.StoreSettings;
import io.provisor.store.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_URL_VARIABLE, matches = ".+")
class PostgresProvisioningLogsTest extends ProvisioningLogsContract {

    @Override
    StoreSettings settings() {
        return TestDatabases.postgres();
    }
}
