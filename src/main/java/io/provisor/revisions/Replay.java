package io.provisor.revisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.directory.NotFound;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import io.provisor.store.RevisionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates a logged decision's facts again, under the active revision or a stored one, and says what differs. */
public final class Replay {

    private final RuleLibrary library;
    private final RevisionStore store;
    private final RuleRevisions revisions;
    private final PolicyEngine engine;

    public Replay(RuleLibrary library, RevisionStore store, RuleRevisions revisions, PolicyEngine engine) {
        this.library = library;
        this.store = store;
        this.revisions = revisions;
        this.engine = engine;
    }

    /** {@code id} is a decision id (evaluate) or a provisioning log record id (cycles); {@code revision} null for the active one. */
    public Map<String, Object> replay(String id, String revision) throws RuleSetRejected {
        RevisionStore.Facts stored = store.facts(id).orElseThrow(() -> new NotFound("decision", id));
        RuleSet rules = revision == null ? library.active(stored.app()).orElseThrow(() -> new NotFound("active rule set", stored.app()))
                : compile(stored.app(), revision);
        EvaluationInput input = DecisionFacts.input(stored.facts());
        JsonNode original = DecisionFacts.decision(stored.facts());
        Decision replayed = engine.evaluate(rules, input);
        List<String> differences = new ArrayList<>();
        compare(differences, "action", original.path("action").asText(), replayed.action().toString());
        compare(differences, "code", original.path("code").asText(), replayed.code());
        List<String> before = new ArrayList<>();
        original.path("rules").forEach(rule -> before.add(rule.asText()));
        List<String> after = replayed.reasons().stream().map(Reason::ruleId).distinct().toList();
        if (!before.equals(after)) {
            differences.add("rules: " + before + " → " + after);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("app", stored.app());
        view.put("original", original);
        view.put("replayedRevision", rules.revision());
        view.put("replayed", replayed);
        view.put("differs", !differences.isEmpty());
        view.put("differences", differences);
        return view;
    }

    private RuleSet compile(String app, String revision) throws RuleSetRejected {
        List<RuleFile> files = new ArrayList<>();
        revisions.files(app, revision).forEach((path, text) -> files.add(RuleFile.of(path, text)));
        return library.check(app, files);
    }

    private static void compare(List<String> differences, String field, String before, String after) {
        if (!before.equals(after)) {
            differences.add(field + ": " + before + " → " + after);
        }
    }
}
