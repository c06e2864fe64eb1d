package io.provisor.rules.facts;

import java.util.List;

/**
 * A group of the source directory with its direct members (ids of users and groups). Nesting is
 * visible through the members: a group listed as a member of another group is nested in it.
 *
 * <p>In DRL: {@code Group(securityEnabled, members contains $u.id())}.
 */
public record Group(String id, String displayName, String mail, String mailNickname, boolean securityEnabled,
                    List<String> members) {

    public Group {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public boolean hasMember(String objectId) {
        return members.contains(objectId);
    }

    /** The value of {@code displayName}, {@code mail}, {@code mailNickname} or {@code id}, or null. */
    public String attribute(String name) {
        return switch (name) {
            case "id" -> id;
            case "displayName" -> displayName;
            case "mail" -> mail;
            case "mailNickname" -> mailNickname;
            default -> null;
        };
    }

    /** True when the attribute is set and not empty. */
    public boolean hasValue(String name) {
        return User.isPresent(attribute(name));
    }

    /** How explanations name the group. */
    public String label() {
        return User.isPresent(displayName) ? displayName : id;
    }
}
