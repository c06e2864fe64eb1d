package io.provisor.cycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** An app's {@code concurrency} is the most requests its target has in flight, however many workers a cycle runs. */
class TargetConcurrencyTest extends ProxiedCycleTest {

    @BeforeEach
    void slowTheTarget() {
        // a slow target, so that requests a cycle could send at once overlap at the proxy
        proxy.on("*", ".*").always().delay(Duration.ofMillis(20));
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void a_cycle_keeps_as_many_requests_in_flight_as_the_concurrency_allows_and_never_more(int concurrency) {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", concurrency))) {
            fixture.importSamples();

            CycleSummary cycle = fixture.cycle();

            assertThat(cycle.completed()).isTrue();
            assertThat(proxy.seen("POST", "/Users")).as("accounts created").isGreaterThan(10);
            assertThat(proxy.mostInFlight()).isEqualTo(concurrency);
        }
    }

    @Test
    void a_concurrency_changed_in_the_app_settings_holds_from_the_next_cycle() throws Exception {
        try (CycleFixture fixture = new CycleFixture(dir, proxy.baseUrl(), target.token(), settings -> settings.put("concurrency", 1))) {
            fixture.importSamples();
            assertThat(fixture.cycle().completed()).isTrue();
            assertThat(proxy.mostInFlight()).isEqualTo(1);

            Path appJson = fixture.rules.resolve(CycleFixture.APP).resolve("app.json");
            ObjectNode app = (ObjectNode) Json.mapper().readTree(appJson.toFile());
            ((ObjectNode) app.get("provisioning")).put("concurrency", 3);
            Files.writeString(appJson, Json.mapper().writeValueAsString(app));
            target.reset();
            fixture.provisioning.restart(CycleFixture.APP, ResetScope.parse("Full"), "test");

            assertThat(fixture.cycle().completed()).isTrue();
            assertThat(proxy.mostInFlight()).isEqualTo(3);
        }
    }
}
