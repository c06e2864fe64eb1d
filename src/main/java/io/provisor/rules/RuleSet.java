package io.provisor.rules;

import io.provisor.mapping.AttributeMapping;
import io.provisor.rules.facts.App;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSessionsPool;

/**
 * An app's compiled, immutable rule set: common rules, the app's rules and the rules generated from
 * its scoping filters.
 *
 * @param mappings the app's attribute mappings (its defaults when app.json has none)
 * @param revision content hash of every file, so a decision can be reproduced
 * @param rules    rule metadata by id, in load order
 * @param warnings problems that did not stop the set from compiling
 */
public record RuleSet(App app, List<AttributeMapping> mappings, String revision, List<RuleFile> files,
                      Map<String, RuleInfo> rules, KieBase kieBase, KieSessionsPool sessions,
                      List<io.provisor.model.Diagnostic> warnings) {

    public RuleSet {
        mappings = List.copyOf(mappings);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    public RuleInfo rule(String id) {
        return rules.get(id);
    }

    /**
     * The rules that implement scoping filters, in load order. The app lists their ids (the compiler takes them from these
     * rules), so every decision's explanation, which asks twice, reads a few ids instead of walking every rule.
     */
    public List<RuleInfo> scopingFilters() {
        List<RuleInfo> filters = new ArrayList<>(app.scopingRules().size());
        for (String id : app.scopingRules()) {
            filters.add(rules.get(id));
        }
        return filters;
    }
}
