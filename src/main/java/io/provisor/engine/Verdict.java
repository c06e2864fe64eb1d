package io.provisor.engine;

import io.provisor.model.Decision;
import java.util.Map;

/**
 * A decision and what its action writes in the target. {@code writes} holds the real values, including
 * those a mapping redacts: it goes to the connector only, never to a response or a log.
 *
 * @param writes by target path: every attribute of a create, the changed ones of an update or disable
 */
public record Verdict(Decision decision, Map<String, Object> writes) {

    public Verdict {
        writes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(writes));
    }

    @Override
    public String toString() {
        return "Verdict[" + decision.action() + " " + decision.userId() + ", " + writes.size() + " attributes]";
    }
}
