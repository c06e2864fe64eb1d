package io.provisor.cycle;

import io.provisor.scimtarget.FaultProxy;
import io.provisor.scimtarget.SandboxTarget;
import io.provisor.scimtarget.ScimTarget;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** An app's {@code concurrency} is the most requests its target has in flight, however many workers a cycle runs. */
class TargetConcurrencyTest {

    @TempDir
    Path dir;

    ScimTarget target = SandboxTarget.get();
    FaultProxy proxy;

    @BeforeEach
    void start() {
        target.reset();
        proxy = FaultProxy.start(target.baseUrl());
        // a slow target, so that requests a cycle could send at once overlap at the proxy
        proxy.on("*", ".*").always().delay(Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void a_cycle_keeps_as_many_requests_in_flight_as_the_concurrency_allows_and_never_more() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 2))) {
            fixture.importSamples();

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.completed()).isTrue();
            assertThat(proxy.seen("POST", "/Users")).as("accounts created").isGreaterThan(10);
            assertThat(proxy.mostInFlight()).isEqualTo(2);
        }
    }

    @Test
    void with_a_concurrency_of_one_the_target_sees_one_request_at_a_time() {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 1))) {
            fixture.importSamples();

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.completed()).isTrue();
            assertThat(proxy.seen("POST", "/Users")).as("accounts created").isGreaterThan(10);
            assertThat(proxy.mostInFlight()).isEqualTo(1);
        }
    }
}
