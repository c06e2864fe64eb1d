package io.provisor.rules.facts;

import java.util.Map;

/** The matching attribute that will find the user's account in the target: the first one with a value. */
public record MatchKey(String source, String target, String value) implements Finding {

    @Override
    public Map<String, String> values() {
        return Map.of("source", source, "target", target, "value", value);
    }

    /** Identity, not value, equality: two rules deriving alike facts must both be cited (see {@link Finding}). */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
