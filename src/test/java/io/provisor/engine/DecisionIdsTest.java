package io.provisor.engine;

import io.provisor.model.Decision;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision ids key the stored facts of every logged decision, so they must come in time order. */
class DecisionIdsTest {

    @Test
    void a_decision_id_is_a_version_7_uuid_of_the_moment_it_was_made() {
        RuleSet rules = new RuleLibrary(Path.of("rules")).loadAll().active("contoso-crm").orElseThrow();
        User user = User.of("u1", "ada@contoso.com");
        long before = Instant.now().toEpochMilli();
        Decision decision = new PolicyEngine().evaluate(rules, new EvaluationInput(user, List.of(), List.of(), TargetState.unknown()));
        long after = Instant.now().toEpochMilli();

        UUID id = UUID.fromString(decision.decisionId());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }
}
