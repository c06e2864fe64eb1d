package io.provisor.mapping.expr;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Guid, RandomString and Now draw only on the context, so equal contexts give equal results. */
class DeterminismTest {

    private static final Instant NOON = Instant.parse("2024-02-29T12:00:00Z");

    @Test
    void guid_comes_from_the_context_random_source() {
        Expression guid = Expression.parse("Guid()", name -> true);
        assertThat(guid.evaluate(seeded(7))).isEqualTo(guid.evaluate(seeded(7)));
        assertThat(guid.evaluate(seeded(7))).isNotEqualTo(guid.evaluate(seeded(8)));
    }

    @Test
    void guid_is_a_lower_case_version_4_guid() {
        Expression guid = Expression.parse("Guid()", name -> true);
        for (int seed = 0; seed < 200; seed++) {
            assertThat((String) guid.evaluate(seeded(seed)))
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void random_string_comes_from_the_context_random_source() {
        Expression random = Expression.parse("RandomString(12,2,2,2,2)", name -> true);
        assertThat(random.evaluate(seeded(3))).isEqualTo(random.evaluate(seeded(3)));
        assertThat(random.evaluate(seeded(3))).isNotEqualTo(random.evaluate(seeded(4)));
    }

    @Test
    void random_string_meets_its_minimums_and_avoids_what_it_is_told_to() {
        Expression random = Expression.parse("RandomString(10,2,2,2,1,\"?,\")", name -> true);
        for (int seed = 0; seed < 500; seed++) {
            String value = (String) random.evaluate(seeded(seed));
            assertThat(value).hasSize(10).doesNotContain("?", ",");
            assertThat(value.chars().filter(Character::isDigit).count()).isGreaterThanOrEqualTo(2);
            assertThat(value.chars().filter(Character::isUpperCase).count()).isGreaterThanOrEqualTo(2);
            assertThat(value.chars().filter(Character::isLowerCase).count()).isGreaterThanOrEqualTo(1);
            assertThat(value.chars().filter(c -> !Character.isLetterOrDigit(c)).count()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void now_comes_from_the_context_clock() {
        assertThat(Expression.parse("Now()", name -> true).evaluate(seeded(1))).isEqualTo("2/29/2024 12:00:00 PM");
        assertThat(Expression.parse("DateDiff(\"d\", \"2024-02-01\", Now())", name -> true).evaluate(seeded(1))).isEqualTo(28L);
    }

    @Test
    void an_untaken_branch_draws_nothing_from_the_random_source() {
        Object viaIif = Expression.parse("IIF(\"a\" = \"a\", Guid(), Guid())", name -> true).evaluate(seeded(5));
        Object alone = Expression.parse("Guid()", name -> true).evaluate(seeded(5));
        assertThat(viaIif).isEqualTo(alone);
    }

    private static Expression.Context seeded(long seed) {
        return new ExpressionRow.TestContext(Map.of(), List.of(), NOON, new Random(seed), Set.of());
    }
}
