package io.provisor.directory;

import io.provisor.store.Rows.Member;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnownIdsTest {

    @Test
    void a_million_uuid_ids_are_told_apart_by_kind_and_from_unknown_ones() {
        KnownIds known = new KnownIds();
        for (int i = 0; i < 1_000_000; i++) {
            known.put(new UUID(i, ~i).toString(), i % 100 == 0 ? Member.GROUP : Member.USER);
        }
        assertThat(known.kindOf(new UUID(0, ~0).toString())).isEqualTo(Member.GROUP);
        assertThat(known.kindOf(new UUID(999_999, ~999_999).toString())).isEqualTo(Member.USER);
        assertThat(known.kindOf(new UUID(1_000_000, ~1_000_000).toString())).isNull();
        assertThat(known.kindOf(new UUID(~1, 1).toString())).isNull();
    }

    @Test
    void an_id_that_is_no_canonical_uuid_is_known_by_its_exact_text() {
        KnownIds known = new KnownIds();
        String uuid = "5f1c4a52-0c5e-4a4f-9a51-3cf8f8a6a7d1";
        known.put("ada", Member.USER);
        known.put(uuid.toUpperCase(java.util.Locale.ROOT), Member.GROUP);

        assertThat(known.kindOf("ada")).isEqualTo(Member.USER);
        assertThat(known.kindOf("Ada")).isNull();
        assertThat(known.kindOf(uuid.toUpperCase(java.util.Locale.ROOT))).isEqualTo(Member.GROUP);
        assertThat(known.kindOf(uuid)).as("another id than its uppercase form").isNull();
    }

    @Test
    void an_id_left_out_for_want_of_room_makes_the_set_incomplete_until_it_is_cleared() {
        KnownIds known = new KnownIds();
        for (int i = 0; i < KnownIds.MAX_OTHERS; i++) {
            known.put("user-" + i, Member.USER);
        }
        assertThat(known.complete()).isTrue();
        known.put("one-too-many", Member.USER);

        assertThat(known.kindOf("one-too-many")).isNull();
        assertThat(known.complete()).as("an import must look unknown ids up now").isFalse();
        known.clear();
        assertThat(known.complete()).isTrue();
    }

    @Test
    void the_all_zero_uuid_is_an_id_like_any_other() {
        KnownIds known = new KnownIds();
        String zero = new UUID(0, 0).toString();
        assertThat(known.kindOf(zero)).isNull();
        known.put(zero, Member.USER);
        assertThat(known.kindOf(zero)).isEqualTo(Member.USER);
    }

    @Test
    void clearing_forgets_every_id() {
        KnownIds known = new KnownIds();
        known.put("ada", Member.USER);
        known.put(new UUID(1, 2).toString(), Member.GROUP);
        known.clear();
        assertThat(known.kindOf("ada")).isNull();
        assertThat(known.kindOf(new UUID(1, 2).toString())).isNull();
    }

    @Test
    void an_object_is_unassigned_until_an_assignment_to_it_is_marked_and_unknown_objects_never_are() {
        KnownIds known = new KnownIds();
        String uuid = new UUID(7, 8).toString();
        known.put(uuid, Member.USER);
        known.put("ada", Member.GROUP);
        assertThat(known.unassigned(uuid)).isTrue();
        assertThat(known.unassigned("ada")).isTrue();
        assertThat(known.unassigned(new UUID(7, 9).toString())).isFalse();
        assertThat(known.unassigned("bob")).isFalse();

        known.markAssigned(uuid);
        known.markAssigned("ada");
        known.put(uuid, Member.USER); // written again: the mark stays
        assertThat(known.unassigned(uuid)).isFalse();
        assertThat(known.unassigned("ada")).isFalse();
        assertThat(known.kindOf(uuid)).isEqualTo(Member.USER);
        assertThat(known.kindOf("ada")).isEqualTo(Member.GROUP);
        assertThat(known.complete()).isTrue();
    }
}
