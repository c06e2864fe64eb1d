package io.provisor.engine;

import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/** Remembers which rule inserted each derived fact, so an explanation can cite rule, file and line. */
final class FindingRecorder extends DefaultRuleRuntimeEventListener {

    private final Map<Object, String> insertedBy = new IdentityHashMap<>();

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getRule() != null && event.getObject() instanceof Finding) {
            insertedBy.put(event.getObject(), event.getRule().getName());
        }
    }

    /** The findings still in working memory (truth maintenance may have retracted some), in rule load order. */
    List<Fired> collect(KieSession session, RuleSet rules) {
        List<Fired> fired = new ArrayList<>();
        for (Object fact : session.getObjects(object -> object instanceof Finding)) {
            String ruleId = insertedBy.get(fact);
            if (ruleId != null && rules.rule(ruleId) != null) {
                fired.add(new Fired(rules.rule(ruleId), (Finding) fact));
            }
        }
        // Findings of one rule (two assigned groups, say) come out of working memory in no set order:
        // their values break the tie, so the same input always gives the same explanation.
        fired.sort(Comparator.comparingInt((Fired f) -> f.rule().stage().ordinal()).thenComparingInt(f -> f.rule().order())
                .thenComparing(f -> new java.util.TreeMap<>(f.finding().values()).toString()));
        insertedBy.clear();
        return fired;
    }
}
