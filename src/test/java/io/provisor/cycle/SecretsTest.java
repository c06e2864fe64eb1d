package io.provisor.cycle;

import io.provisor.store.Database;
import io.provisor.store.JobStore;
import io.provisor.store.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    final HandClock clock = new HandClock(T0);

    @Test
    void a_saved_secret_is_read_once_per_period_beats_the_environment_and_a_save_here_takes_effect_at_once() {
        try (Database database = Database.open(TestDatabases.h2(dir))) {
            JobStore jobs = new JobStore(database);
            Secrets secrets = new Secrets(jobs, Map.of("CRM_TOKEN", "from-env", "OTHER", "other-env")::get, clock);

            assertThat(secrets.get("crm", "CRM_TOKEN")).contains("from-env");
            secrets.save("crm", "CRM_TOKEN", "saved-1");
            assertThat(secrets.get("crm", "CRM_TOKEN")).as("saved here: at once").contains("saved-1");

            jobs.saveSecret("crm", "CRM_TOKEN", "saved-by-another-instance");
            assertThat(secrets.get("crm", "CRM_TOKEN")).as("within the period: the value read before").contains("saved-1");
            clock.set(T0.plus(Secrets.CACHE).plusSeconds(1));
            assertThat(secrets.get("crm", "CRM_TOKEN")).as("after the period: read again").contains("saved-by-another-instance");

            assertThat(secrets.get("other-app", "CRM_TOKEN")).as("per app").contains("from-env");
            assertThat(secrets.get("crm", "MISSING")).isEmpty();
        }
    }
}
