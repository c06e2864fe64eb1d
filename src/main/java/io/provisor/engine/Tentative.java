package io.provisor.engine;

import java.util.List;
import java.util.Map;

/**
 * A decision taken before the target was asked: what it comes to and what its action would write, and
 * the full verdict only when it stands. When the outcome still needs the target's answer (a create
 * must first look for an existing account), the explanation would be thrown away, so none is written;
 * {@link PolicyEngine#confirm} then decides with the answer, reusing what the rules found when the
 * answer shows them nothing new.
 */
public final class Tentative {

    private final Outcome outcome;
    private final Map<String, Object> writes;
    private final Verdict verdict;
    private final EvaluationInput input;
    private final List<Fired> fired;
    private final AttributeFlows flows;

    Tentative(Outcome outcome, Map<String, Object> writes, Verdict verdict, EvaluationInput input, List<Fired> fired,
              AttributeFlows flows) {
        this.outcome = outcome;
        this.writes = writes;
        this.verdict = verdict;
        this.input = input;
        this.fired = fired;
        this.flows = flows;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** By target path, unredacted, as {@link Verdict#writes}: the values a match looks up. */
    public Map<String, Object> writes() {
        return writes;
    }

    /** The full decision, or null when the caller decides again with the target's answer. */
    public Verdict verdict() {
        return verdict;
    }

    public boolean stands() {
        return verdict != null;
    }

    EvaluationInput input() {
        return input;
    }

    List<Fired> fired() {
        return fired;
    }

    AttributeFlows flows() {
        return flows;
    }
}
