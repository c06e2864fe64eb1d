package io.provisor.rules.facts;

import java.util.Map;

/** The matching attribute that will find the user's account in the target: the first one with a value. */
public record MatchKey(String source, String target, String value) implements Finding {

    @Override
    public Map<String, String> values() {
        return Map.of("source", source, "target", target, "value", value);
    }
}
