package io.provisor.rules.facts;

import java.util.List;

/**
 * Whether groups are provisioned as objects, and how they are matched. When they are, a group with
 * no value for its first matching attribute is skipped and does not entitle its members.
 */
public record GroupProvisioning(boolean enabled, List<AttributeMatch> matching) {

    public GroupProvisioning {
        matching = matching == null ? List.of() : List.copyOf(matching);
    }

    public static GroupProvisioning disabled() {
        return new GroupProvisioning(false, List.of());
    }

    /** The source attribute that identifies a group in the target, or null when groups are not matched. */
    public String matchingAttribute() {
        return enabled && !matching.isEmpty() ? matching.get(0).source() : null;
    }

    /** False only when groups are provisioned and this group has no value for its matching attribute. */
    public boolean canMatch(Group group) {
        String attribute = matchingAttribute();
        return attribute == null || group.hasValue(attribute);
    }
}
