package io.provisor.rules.facts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fact that a rule derives. Its {@link #values()} fill the {@code {placeholders}} of the rule's
 * {@code @reason} and {@code @fix}, so explanations show the offending values.
 */
public interface Finding {

    Map<String, String> values();

    /** Builds values from alternating names and values: {@code pairs("group", "Sales", "role", "Admin")}. */
    static Map<String, String> pairs(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("values come in name/value pairs");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(String.valueOf(namesAndValues[i]), String.valueOf(namesAndValues[i + 1]));
        }
        return Map.copyOf(values);
    }
}
