package io.provisor.policytest;

import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server does at start-up before it answers: decides the users of each app's policy tests over and
 * over, so the JIT compiles the decision path (Drools' network and our engine) while nobody waits. Without it
 * the first impact preview after a start runs its first seconds in slow code while the compiler takes one of
 * the cores (PreviewBenchmark, 1,000,000 users: 24 s of CPU for the first preview without it, 20 s with it,
 * 13-16 s for the next one). Decisions here only return outcomes, which the preview asks for and a cycle's
 * decisions share up to their explanation.
 *
 * <p>An app without tests, or whose tests do not read or decide, is left out: a warm-up never stops a start.
 */
public final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    /** About 2 s on one core; enough for the compiler to take the hot paths to its top tier. */
    public static final int DECISIONS = 20_000;

    private Warmup() {
    }

    /**
     * Shares {@code decisions} among the apps with an active set and tests, each deciding whole rounds of its
     * cases; returns how many decisions were made.
     */
    public static int run(RuleLibrary library, PolicyEngine engine, int decisions) {
        Map<RuleSet, List<EvaluationInput>> samples = new LinkedHashMap<>();
        for (String app : library.apps()) {
            RuleSet rules = library.active(app).orElse(null);
            if (rules == null) {
                continue;
            }
            try {
                List<EvaluationInput> inputs = TestCaseReader.readFolder(library.root(), app).stream().map(TestCase::input).toList();
                if (!inputs.isEmpty()) {
                    samples.put(rules, inputs);
                }
            } catch (TestCasesRejected | RuntimeException e) {
                LOG.warn("warm-up leaves {} out: its policy tests do not read ({})", app, e.getMessage());
            }
        }
        int made = 0;
        for (Map.Entry<RuleSet, List<EvaluationInput>> app : samples.entrySet()) {
            int share = decisions / samples.size();
            try {
                for (int done = 0; done < share; done += app.getValue().size()) {
                    made += engine.outcomes(app.getKey(), app.getValue()).size();
                }
            } catch (RuntimeException e) { // a case the rules cannot decide: the policy tests report it, not the start
                LOG.warn("warm-up of {} stopped: {}", app.getKey().app().name(), e.getMessage());
            }
        }
        return made;
    }
}
