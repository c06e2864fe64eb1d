package io.provisor.cycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSettingsTest {

    @Test
    void the_commit_linger_defaults_to_fifty_milliseconds_and_an_app_may_set_another() throws Exception {
        assertThat(JobSettings.read(node("{}")).commitLinger()).isEqualTo(Duration.ofMillis(50));
        assertThat(JobSettings.read(node("{\"commitLingerMillis\": 0}")).commitLinger()).isEqualTo(Duration.ZERO);
        assertThat(JobSettings.read(node("{\"commitLingerMillis\": 60000}")).commitLinger()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void a_commit_linger_above_a_minute_or_below_zero_is_refused_with_its_pointer() {
        assertThatThrownBy(() -> JobSettings.read(node("{\"commitLingerMillis\": 60001}"))).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).problems().get(0).pointer()).isEqualTo("/provisioning/commitLingerMillis"));
        assertThatThrownBy(() -> JobSettings.read(node("{\"commitLingerMillis\": -1}"))).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).problems().get(0).pointer()).isEqualTo("/provisioning/commitLingerMillis"));
    }

    private static JsonNode node(String json) throws Exception {
        return Json.mapper().readTree(json);
    }
}
