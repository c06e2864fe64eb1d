package io.provisor.cycle;

import io.provisor.codec.BadInput;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetScopeTest {

    @Test
    void graph_names_parse_in_any_case_and_blank_is_the_portal_restart() {
        assertThat(ResetScope.parse(null)).isEqualTo(ResetScope.PORTAL_RESTART);
        assertThat(ResetScope.parse(" ")).containsExactlyInAnyOrder(ResetScope.QuarantineState, ResetScope.Watermark, ResetScope.Escrows);
        assertThat(ResetScope.parse("watermark, Escrows")).isEqualTo(EnumSet.of(ResetScope.Watermark, ResetScope.Escrows));
        assertThat(ResetScope.parse("Full")).contains(ResetScope.Full, ResetScope.Watermark, ResetScope.Escrows, ResetScope.QuarantineState);
    }

    @Test
    void an_unknown_scope_is_refused_with_its_name() {
        assertThatThrownBy(() -> ResetScope.parse("Watermark,Everything")).isInstanceOf(BadInput.class)
                .hasMessageContaining("Everything");
    }
}
