package io.provisor.revisions;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.codec.Json;
import io.provisor.engine.EvaluationInput;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts a decision was made from, and its outcome, as stored for replay. */
public final class DecisionFacts {

    /** Reads stored facts back; derived properties written with them (such as {@code active}) are ignored. */
    private static final ObjectMapper READER = Json.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DecisionFacts() {
    }

    public static String json(EvaluationInput input, Decision decision) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("decisionId", decision.decisionId());
        outcome.put("revision", decision.revision());
        outcome.put("action", decision.action().toString());
        outcome.put("code", decision.code());
        outcome.put("rules", decision.reasons().stream().map(Reason::ruleId).distinct().toList());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("input", input);
        document.put("decision", outcome);
        return Json.write(document);
    }

    public static EvaluationInput input(String json) {
        try {
            return READER.treeToValue(READER.readTree(json).get("input"), EvaluationInput.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored decision facts are always readable", e);
        }
    }

    public static JsonNode decision(String json) {
        try {
            return READER.readTree(json).get("decision");
        } catch (IOException e) {
            throw new IllegalStateException("stored decision facts are always readable", e);
        }
    }
}
