package io.provisor.engine;

import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;

/**
 * Remembers which rule inserted each derived fact, so an explanation can cite rule, file and line.
 * It also forgets the findings that truth maintenance retracts, so what it holds after firing is
 * what working memory holds: cheaper than walking every object of the session to find them.
 */
final class FindingRecorder extends DefaultRuleRuntimeEventListener {

    /** Findings in working memory, in insertion order, with the rule that inserted each. */
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> insertedBy = new ArrayList<>();

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getRule() != null && event.getObject() instanceof Finding finding) {
            findings.add(finding);
            insertedBy.add(event.getRule().getName());
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        if (event.getOldObject() instanceof Finding) {
            for (int i = findings.size() - 1; i >= 0; i--) {
                if (findings.get(i) == event.getOldObject()) { // the very object working memory held
                    findings.remove(i);
                    insertedBy.remove(i);
                    return;
                }
            }
        }
    }

    /** The findings still in working memory (truth maintenance may have retracted some), in rule load order. */
    List<Fired> collect(RuleSet rules) {
        List<Fired> fired = new ArrayList<>(findings.size());
        for (int i = 0; i < findings.size(); i++) {
            var rule = rules.rule(insertedBy.get(i));
            if (rule != null) {
                fired.add(new Fired(rule, findings.get(i)));
            }
        }
        // Findings of one rule (two assigned groups, say) come out of working memory in no set order:
        // their values break the tie, so the same input always gives the same explanation.
        if (fired.size() > 1) {
            fired.sort(Comparator.comparingInt((Fired f) -> f.rule().stage().ordinal()).thenComparingInt(f -> f.rule().order())
                    .thenComparing(f -> new java.util.TreeMap<>(f.finding().values()).toString()));
        }
        findings.clear();
        insertedBy.clear();
        return fired;
    }
}
