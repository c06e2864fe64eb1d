package io.provisor.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule threw while deciding one user: a condition or consequence failed on that user's data (a substring past the end
 * of a short name, say). It is the rules' fault and this user's alone, so a cycle logs and escrows the user and goes on.
 */
public final class RuleFailed extends RuntimeException {

    /** How Drools names the rule in a constraint's or a consequence's failure. */
    private static final Pattern RULE = Pattern.compile("[Rr]ule \"([^\"]+)\"");

    private final String ruleId;
    private final String revision;

    private RuleFailed(String message, String ruleId, String revision, RuntimeException cause) {
        super(message, cause);
        this.ruleId = ruleId;
        this.revision = revision;
    }

    static RuleFailed of(String revision, RuntimeException e) {
        String drools = firstLine(e);
        Matcher rule = RULE.matcher(drools);
        String ruleId = rule.find() ? rule.group(1) : null;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root == e ? "" : ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root));
        String message = (ruleId == null ? "a rule failed: " : "rule `" + ruleId + "` failed: ") + drools + why;
        return new RuleFailed(message, ruleId, revision, e);
    }

    /** The rule that threw, or null when Drools did not name it. */
    public String ruleId() {
        return ruleId;
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
