package io.provisor.rules.facts;

import io.provisor.model.Action;
import java.util.Map;

/**
 * A processing rule's proposal. When rules propose several actions the engine keeps the strongest:
 * delete, disable, update, create, skip, none.
 *
 * <p>In DRL: {@code insertLogical(new ProposedAction(Action.CREATE))}.
 */
public record ProposedAction(Action action, Map<String, String> values) implements Finding {

    public ProposedAction {
        values = Map.copyOf(values);
    }

    public ProposedAction(Action action, Object... namesAndValues) {
        this(action, Finding.pairs(namesAndValues));
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
