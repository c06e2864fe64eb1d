package io.provisor.mapping;

import io.provisor.mapping.expr.Expression;
import io.provisor.model.AttributeChange;
import io.provisor.model.TargetPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Entra's outbound null rules, entra-spec.md §3.2-3.3. */
class AttributeFlowTest {

    static AttributeMapping direct(String target, String source, String defaultIfNull, AttributeMapping.Apply apply) {
        return new AttributeMapping(TargetPath.parse(target), AttributeMapping.Type.DIRECT, source, null, null, defaultIfNull, apply, 0);
    }

    static AttributeMapping expression(String target, String text) {
        return new AttributeMapping(TargetPath.parse(target), AttributeMapping.Type.EXPRESSION, null, null,
                Expression.parse(text, name -> true), null, AttributeMapping.Apply.ALWAYS, 0);
    }

    static AttributeMapping none(String target, String defaultIfNull) {
        return new AttributeMapping(TargetPath.parse(target), AttributeMapping.Type.NONE, null, null, null, defaultIfNull,
                AttributeMapping.Apply.ALWAYS, 0);
    }

    static SourceValues source(Map<String, Object> attributes) {
        return new SourceValues("u1", attributes::get, List.of(), false, Instant.parse("2026-11-24T10:00:00Z"),
                RandomGenerator.of("L64X128MixRandom"));
    }

    @Test
    void a_null_value_is_left_out_of_a_create_unless_it_has_a_default() {
        var result = AttributeFlow.forCreate(List.of(direct("title", "jobTitle", "Employee", AttributeMapping.Apply.ALWAYS),
                direct("nickName", "mailNickname", null, AttributeMapping.Apply.ALWAYS)), source(Map.of()));
        assertThat(result.attributes()).containsExactly(Map.entry("title", "Employee"));
    }

    @Test
    void an_update_never_clears_a_target_value_and_never_applies_the_default() {
        var mappings = List.of(direct("title", "jobTitle", "Employee", AttributeMapping.Apply.ALWAYS));
        var result = AttributeFlow.forUpdate(mappings, source(Map.of()), Map.of("title", "Engineer"));
        assertThat(result.changes()).isEmpty();
        assertThat(result.details().get(0).outcome()).isEqualTo("left alone: the value is null");
    }

    @Test
    void an_on_create_mapping_never_causes_an_update() {
        var mappings = List.of(direct("externalId", "employeeId", null, AttributeMapping.Apply.ON_CREATE));
        assertThat(AttributeFlow.forCreate(mappings, source(Map.of("employeeId", "42"))).attributes()).containsEntry("externalId", "42");
        assertThat(AttributeFlow.forUpdate(mappings, source(Map.of("employeeId", "42")), Map.of("externalId", "7")).changes()).isEmpty();
    }

    @Test
    void a_none_mapping_fills_an_empty_target_and_leaves_a_filled_one_alone() {
        var mappings = List.of(none("department", "Unknown"));
        assertThat(AttributeFlow.forUpdate(mappings, source(Map.of()), Map.of()).attributes()).containsEntry("department", "Unknown");
        assertThat(AttributeFlow.forUpdate(mappings, source(Map.of()), Map.of("department", "Sales")).changes()).isEmpty();
        assertThat(AttributeFlow.forCreate(mappings, source(Map.of())).attributes()).containsEntry("department", "Unknown");
    }

    @Test
    void ignore_flow_if_null_or_empty_drops_the_attribute() {
        var mappings = List.of(expression("employeeNumber", "IgnoreFlowIfNullOrEmpty([employeeId])"));
        assertThat(AttributeFlow.forCreate(mappings, source(Map.of())).attributes()).isEmpty();
        assertThat(AttributeFlow.forCreate(mappings, source(Map.of("employeeId", "9"))).attributes()).containsEntry("employeeNumber", "9");
    }

    @Test
    void a_redacted_value_flows_but_shows_as_redact() {
        var result = AttributeFlow.forCreate(List.of(expression("password", "Redact([secret])")), source(Map.of("secret", "s3cr3t")));
        assertThat(result.attributes()).containsEntry("password", "s3cr3t");
        assertThat(result.changes()).extracting(AttributeChange::newValue).containsExactly(AttributeFlow.REDACTED);
        assertThat(result.details().toString()).doesNotContain("s3cr3t");
    }

    @Test
    void is_soft_deleted_drives_active() {
        var mappings = List.of(expression("active", "Not([IsSoftDeleted])"));
        Map<String, Object> current = new HashMap<>(Map.of("active", true));
        assertThat(AttributeFlow.forUpdate(mappings, source(Map.of()), current).changes()).isEmpty();
        assertThat(AttributeFlow.forUpdate(mappings, source(Map.of()).softDeleted(true), current).attributes())
                .containsEntry("active", false);
    }

    @Test
    void values_are_compared_with_the_target_at_their_scim_path() {
        var mappings = List.of(direct("emails[type eq \"work\"].value", "mail", null, AttributeMapping.Apply.ALWAYS),
                direct("name.givenName", "givenName", null, AttributeMapping.Apply.ALWAYS));
        Map<String, Object> current = Map.of("emails", List.of(Map.of("type", "home", "value", "a@home"), Map.of("type", "work", "value", "a@work")),
                "name", Map.of("givenName", "Ada"));
        var result = AttributeFlow.forUpdate(mappings, source(Map.of("mail", "a@work", "givenName", "Ada")), current);
        assertThat(result.changes()).isEmpty();
    }
}
