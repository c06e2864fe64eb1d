package io.provisor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median the ratio command reports over its compiled rounds, in whatever order the rounds came. */
class CycleBenchmarkMedianTest {

    @Test
    void an_odd_count_gives_the_middle_value() {
        assertThat(CycleBenchmark.median(List.of(1.08, 0.87, 1.02))).isEqualTo(1.02);
        assertThat(CycleBenchmark.median(List.of(0.74))).isEqualTo(0.74);
    }

    @Test
    void an_even_count_gives_the_mean_of_the_two_middle_values() {
        assertThat(CycleBenchmark.median(List.of(0.95, 0.76))).isEqualTo((0.76 + 0.95) / 2);
        assertThat(CycleBenchmark.median(List.of(0.9, 0.7, 1.0, 0.8))).isEqualTo((0.8 + 0.9) / 2);
    }
}
