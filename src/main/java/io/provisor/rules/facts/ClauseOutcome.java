package io.provisor.rules.facts;

/** The result of one scoping clause; the last two count as false and become warnings. */
public enum ClauseOutcome {
    TRUE, FALSE, REGEX_TIMED_OUT, MULTI_VALUED;

    public boolean passed() {
        return this == TRUE;
    }
}
