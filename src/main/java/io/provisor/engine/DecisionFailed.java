package io.provisor.engine;

import io.provisor.mapping.MappingFailed;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deciding one user failed on that user's data: a rule's condition or consequence threw (a substring past the end of a
 * short name, say), or an attribute mapping's expression did (a date that does not fit its format). It is this user's
 * alone, so a cycle logs and escrows the user and goes on.
 */
public final class DecisionFailed extends RuntimeException {

    /** The codes a user's log record gets when deciding it failed. */
    public static final List<String> CODES = List.of("RuleFailed", "MappingFailed");

    /** How Drools names the rule in a constraint's or a consequence's failure. */
    private static final Pattern RULE = Pattern.compile("[Rr]ule \"([^\"]+)\"");

    private final String code;
    private final String ruleId;
    private final String attribute;
    private final String revision;

    private DecisionFailed(String code, String message, String ruleId, String attribute, String revision, RuntimeException cause) {
        super(message, cause);
        this.code = code;
        this.ruleId = ruleId;
        this.attribute = attribute;
        this.revision = revision;
    }

    /** What Drools threw while facts were inserted or rules fired. */
    static DecisionFailed ofRule(String revision, RuntimeException e) {
        String drools = firstLine(e);
        Matcher rule = RULE.matcher(drools);
        String ruleId = rule.find() ? rule.group(1) : null;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root == e ? "" : ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root));
        String message = (ruleId == null ? "a rule failed: " : "rule `" + ruleId + "` failed: ") + drools + why;
        return new DecisionFailed(CODES.get(0), message, ruleId, null, revision, e);
    }

    static DecisionFailed ofMapping(String revision, MappingFailed e) {
        return new DecisionFailed(CODES.get(1), e.getMessage(), null, e.target(), revision, e);
    }

    /** {@code RuleFailed} or {@code MappingFailed}, the log record's code. */
    public String code() {
        return code;
    }

    /** The rule that threw, or null (a mapping failed, or Drools did not name the rule). */
    public String ruleId() {
        return ruleId;
    }

    /** The target attribute whose mapping failed, or null. */
    public String attribute() {
        return attribute;
    }

    public String revision() {
        return revision;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
