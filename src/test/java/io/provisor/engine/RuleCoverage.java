package io.provisor.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Rule ids seen in the reasons of scenario decisions, shared between the scenario and coverage tests. */
final class RuleCoverage {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private RuleCoverage() {
    }

    static void record(Set<String> ruleIds) {
        SEEN.addAll(ruleIds);
    }

    static Set<String> seen() {
        return SEEN;
    }
}
