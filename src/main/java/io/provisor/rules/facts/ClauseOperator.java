package io.provisor.rules.facts;

/**
 * The 14 scoping-filter operators of Entra, with their portal spellings. Each maps to a function of
 * {@link Operators} that generated rules call.
 */
public enum ClauseOperator {
    IN_LIST("&", "inList", false),
    NOT_IN_LIST("!&", "notInList", false),
    ENDS_WITH("ENDS_WITH", "endsWith", false),
    EQUALS("EQUALS", "equalsTo", false),
    NOT_EQUALS("NOT EQUALS", "notEqualsTo", false),
    INCLUDES("Includes", "includes", false),
    GREATER_THAN("Greater_Than", "greaterThan", false),
    GREATER_THAN_OR_EQUALS("Greater_Than_OR_EQUALS", "greaterThanOrEquals", false),
    IS_TRUE("IS TRUE", "isTrue", true),
    IS_FALSE("IS FALSE", "isFalse", true),
    IS_NULL("IS NULL", "isNull", true),
    IS_NOT_NULL("IS NOT NULL", "isNotNull", true),
    REGEX_MATCH("REGEX MATCH", "regexMatch", false),
    NOT_REGEX_MATCH("NOT REGEX MATCH", "notRegexMatch", false);

    private final String portalName;
    private final String function;
    private final boolean unary;

    ClauseOperator(String portalName, String function, boolean unary) {
        this.portalName = portalName;
        this.function = function;
        this.unary = unary;
    }

    /** The operator with this portal spelling (exact, case-sensitive), or null. */
    public static ClauseOperator fromPortalName(String name) {
        for (ClauseOperator operator : values()) {
            if (operator.portalName.equals(name)) {
                return operator;
            }
        }
        return null;
    }

    /** The name of the {@link Operators} function that implements it. */
    public String function() {
        return function;
    }

    /** Takes no value (IS TRUE, IS FALSE, IS NULL, IS NOT NULL). */
    public boolean unary() {
        return unary;
    }

    /** Compares integers only. */
    public boolean numeric() {
        return this == GREATER_THAN || this == GREATER_THAN_OR_EQUALS;
    }

    /** Takes a regular expression. */
    public boolean regex() {
        return this == REGEX_MATCH || this == NOT_REGEX_MATCH;
    }

    @Override
    public String toString() {
        return portalName;
    }
}
