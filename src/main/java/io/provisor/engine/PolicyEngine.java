package io.provisor.engine;

import io.provisor.model.Decision;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.AttributeDiff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Evaluates a rule set over one user's facts and returns the decision with its explanation.
 * Single requests borrow a session from the rule set's pool; batches reuse one session, emptied
 * between users, because building a session costs more than a whole evaluation.
 */
public final class PolicyEngine {

    /** Decides for one user, without side effects. */
    public Decision evaluate(RuleSet rules, EvaluationInput input) {
        return decide(rules, input).decision();
    }

    /** Decides for one user and keeps the values the action writes, unredacted, for the connector. */
    public Verdict decide(RuleSet rules, EvaluationInput input) {
        KieSession session = rules.sessions().newKieSession();
        try {
            return evaluate(rules, input, session, false);
        } finally {
            session.dispose();
        }
    }

    /** Decides for many users with one session; the order of the result follows the input. */
    public List<Decision> evaluateAll(RuleSet rules, List<EvaluationInput> inputs) {
        List<Decision> decisions = new ArrayList<>(inputs.size());
        KieSession session = rules.sessions().newKieSession();
        try {
            for (EvaluationInput input : inputs) {
                decisions.add(evaluate(rules, input, session, true).decision());
            }
        } finally {
            session.dispose();
        }
        return decisions;
    }

    /** Only what each decision comes to, for many users with one session: no explanation is written. */
    public List<Outcome> outcomes(RuleSet rules, List<EvaluationInput> inputs) {
        List<Outcome> outcomes = new ArrayList<>(inputs.size());
        KieSession session = rules.sessions().newKieSession();
        try {
            for (EvaluationInput input : inputs) {
                outcomes.add(fire(rules, input, session, true, DecisionAssembler::outcome));
            }
        } finally {
            session.dispose();
        }
        return outcomes;
    }

    private Verdict evaluate(RuleSet rules, EvaluationInput input, KieSession session, boolean reused) {
        return fire(rules, input, session, reused, assembler -> assembler.assemble(UUID.randomUUID().toString()));
    }

    /**
     * @param reused the session serves the next input too, so it is emptied here; a pooled session is not, as
     *               disposing it resets it anyway (emptying it first took 6 % of a cycle worker's samples)
     */
    private <T> T fire(RuleSet rules, EvaluationInput input, KieSession session, boolean reused,
                       Function<DecisionAssembler, T> result) {
        FindingRecorder recorder = new FindingRecorder();
        AttributeFlows flows = new AttributeFlows(rules, input, Instant.now());
        List<AttributeDiff> diffs = flows.diffs();
        List<FactHandle> handles = new ArrayList<>();
        session.addEventListener(recorder);
        try {
            handles.add(session.insert(rules.app()));
            handles.add(session.insert(input.user()));
            handles.add(session.insert(input.target()));
            input.groups().forEach(group -> handles.add(session.insert(group)));
            input.assignments().forEach(assignment -> handles.add(session.insert(assignment)));
            diffs.forEach(diff -> handles.add(session.insert(diff)));
            session.fireAllRules();
            List<Fired> fired = recorder.collect(session, rules);
            return result.apply(new DecisionAssembler(rules, input, fired, flows));
        } finally {
            session.removeEventListener(recorder);
            if (reused) {
                // Deleting the inputs retracts every logical fact they supported: the session is empty again.
                handles.forEach(session::delete);
                session.fireAllRules();
            }
        }
    }
}
