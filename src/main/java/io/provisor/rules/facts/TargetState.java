package io.provisor.rules.facts;

import java.util.List;
import java.util.Map;

/**
 * What provisor knows of the user's account in the target app. Exactly one of three states:
 * nothing known (no link, no query made), linked to a target id with its current attributes, or
 * the accounts that a query by the matching attributes found.
 *
 * <p>In DRL: {@code TargetState(linked)}, {@code TargetState(!linked, matchCount == 0)}.
 */
public record TargetState(String linkedId, Map<String, Object> attributes, List<TargetObject> matches) {

    public TargetState {
        attributes = attributes == null ? Map.of() : attributes;
        matches = matches == null ? null : List.copyOf(matches);
    }

    /**
     * No account is known and no query was made: treated as "no match found". Rules see it exactly as
     * {@code found} with no match (an empty {@code matches}), so a decision made before the lookup and
     * one made after a lookup that found nothing cannot differ.
     */
    public static TargetState unknown() {
        return new TargetState(null, null, null);
    }

    public static TargetState linked(String targetId, Map<String, Object> attributes) {
        return new TargetState(targetId, attributes, null);
    }

    public static TargetState found(List<TargetObject> matches) {
        return new TargetState(null, null, matches);
    }

    /** Already provisioned: a link to a target id exists. */
    public boolean isLinked() {
        return linkedId != null;
    }

    /** Accounts found by the matching attributes (0 when no query was made). */
    public int getMatchCount() {
        return matches == null ? 0 : matches.size();
    }

    /** The attributes of the account the user would be compared with: the linked one or the single match. */
    public Map<String, Object> currentAttributes() {
        if (isLinked()) {
            return attributes;
        }
        return getMatchCount() == 1 ? matches.get(0).attributes() : Map.of();
    }

    /** The linked account is active in the target (a missing {@code active} counts as active). */
    public boolean isActiveInTarget() {
        Object active = attributes.get("active");
        return !(Boolean.FALSE.equals(active) || "false".equalsIgnoreCase(String.valueOf(active)));
    }
}
