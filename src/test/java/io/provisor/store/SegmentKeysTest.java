package io.provisor.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentKeysTest {

    @Test
    void a_filter_holds_every_key_it_was_built_from_and_few_others() {
        int keys = 4 * LogSegments.RECORDS;
        long[] hashes = new long[keys];
        for (int i = 0; i < keys; i++) {
            hashes[i] = SegmentKeys.hash("crm", "user" + i + "@contoso.com");
        }
        byte[] filter = SegmentKeys.build(hashes, new int[keys], keys).filter();

        for (long hash : hashes) {
            assertThat(SegmentKeys.mayContain(filter, hash)).isTrue();
        }
        int wrong = 0;
        for (int i = 0; i < 100_000; i++) {
            wrong += SegmentKeys.mayContain(filter, SegmentKeys.hash("crm", "other" + i + "@contoso.com")) ? 1 : 0;
        }
        assertThat(wrong).as("false positives in 100,000 keys not added (10 bits and 7 probes per key: about 0.8 %)").isLessThan(2_000);
    }

    @Test
    void the_slice_of_the_table_a_key_names_gives_the_seq_of_every_record_with_the_key_and_none_for_others() {
        int count = 4 * LogSegments.RECORDS;
        long[] hashes = new long[count];
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) { // every record has four keys; record 7's display name is also record 900's
            int record = i / 4;
            hashes[i] = SegmentKeys.hash("crm", i % 4 == 1 && record == 900 ? "name 7" : "name " + record + " key " + i % 4);
            offsets[i] = record;
        }
        hashes[7 * 4 + 1] = SegmentKeys.hash("crm", "name 7");
        SegmentKeys.Built built = SegmentKeys.build(hashes, offsets, count);

        assertThat(seqs(built, SegmentKeys.hash("crm", "name 7"))).containsExactly(1007L, 1900L);
        assertThat(seqs(built, SegmentKeys.hash("crm", "name 1023 key 3"))).containsExactly(2023L);
        assertThat(seqs(built, SegmentKeys.hash("crm", "name 0 key 0"))).containsExactly(1000L);
        assertThat(seqs(built, SegmentKeys.hash("crm", "carl"))).isEmpty();
        for (int i = 0; i < count; i++) { // the slice is a small part of the table, and always the right one
            SegmentKeys.Slice slice = SegmentKeys.slice(built.directory(), hashes[i]);
            assertThat(slice.to() - slice.from()).isLessThan(64);
            assertThat(seqs(built, hashes[i])).contains(1000L + offsets[i]);
        }
        assertThat(seqs(SegmentKeys.build(new long[0], new int[0], 0), SegmentKeys.hash("crm", "ada"))).isEmpty();
    }

    @Test
    void a_key_hashes_apart_in_each_app_and_where_the_app_ends() {
        assertThat(SegmentKeys.hash("crm", "ada")).isNotEqualTo(SegmentKeys.hash("hr", "ada"))
                .isNotEqualTo(SegmentKeys.hash("crma", "da")).isNotEqualTo(SegmentKeys.hash("crm", "Ada"));
    }

    /** What a search reads: the slice of the table the directory names for the hash, and in it the hash's entries. */
    private static List<Long> seqs(SegmentKeys.Built built, long hash) {
        SegmentKeys.Slice slice = SegmentKeys.slice(built.directory(), hash);
        byte[] entries = Arrays.copyOfRange(built.table(), slice.from() * SegmentKeys.ENTRY, slice.to() * SegmentKeys.ENTRY);
        List<Long> seqs = new ArrayList<>();
        SegmentKeys.seqsOf(entries, hash, 1000, seqs::add);
        return seqs;
    }
}
