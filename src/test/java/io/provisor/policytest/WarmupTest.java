package io.provisor.policytest;

import io.provisor.TestRules;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupTest {

    @Test
    void warm_up_decides_the_shipped_apps_policy_test_users_in_whole_rounds() throws TestCasesRejected {
        RuleLibrary library = new RuleLibrary(Path.of("rules")).loadAll();
        int cases = TestCaseReader.readFolder(library.root(), "contoso-crm").size();

        int made = Warmup.run(library, new PolicyEngine(), 100);

        assertThat(made).isGreaterThanOrEqualTo(100).isLessThan(100 + cases).isEqualTo((100 + cases - 1) / cases * cases);
    }

    @Test
    void an_app_whose_tests_do_not_read_is_left_out_and_the_start_goes_on(@TempDir Path dir) throws IOException {
        Path rules = TestRules.copyShipped(dir);
        Files.writeString(rules.resolve("contoso-crm/tests/broken.json"), "{ not json");
        RuleLibrary library = new RuleLibrary(rules).loadAll();

        assertThat(Warmup.run(library, new PolicyEngine(), 100)).isZero();
    }
}
