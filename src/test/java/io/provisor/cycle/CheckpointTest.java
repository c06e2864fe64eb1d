package io.provisor.cycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointTest {

    @Test
    void the_cursor_is_the_last_id_before_the_first_unfinished_one() {
        Checkpoint checkpoint = new Checkpoint(null);
        long a = checkpoint.submitted("a");
        long b = checkpoint.submitted("b");
        long c = checkpoint.submitted("c");
        assertThat(checkpoint.cursor()).isNull();
        checkpoint.done(b);
        checkpoint.done(c);
        assertThat(checkpoint.cursor()).as("a is still running").isNull();
        checkpoint.done(a);
        assertThat(checkpoint.cursor()).isEqualTo("c");
        long d = checkpoint.submitted("d");
        checkpoint.submitted("e");
        checkpoint.done(d);
        assertThat(checkpoint.cursor()).isEqualTo("d");
    }

    @Test
    void a_resumed_cycle_starts_from_its_saved_cursor() {
        Checkpoint checkpoint = new Checkpoint("m");
        long n = checkpoint.submitted("n");
        assertThat(checkpoint.cursor()).isEqualTo("m");
        checkpoint.done(n);
        assertThat(checkpoint.cursor()).isEqualTo("n");
    }
}
