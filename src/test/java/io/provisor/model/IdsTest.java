package io.provisor.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void record_ids_sort_in_activity_time_order_and_are_version_7_uuids() {
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Ids.timeOrdered(t0.plusMillis(i * 7L)));
        }
        assertThat(ids).isSorted();
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        UUID first = UUID.fromString(ids.get(0));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(t0.toEpochMilli());
    }

    @Test
    void records_of_the_same_millisecond_get_distinct_ids() {
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.timeOrdered(t0));
        }
        assertThat(ids).hasSize(10_000);
    }
}
