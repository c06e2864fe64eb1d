package io.provisor.rules;

/**
 * A file of a rule set.
 *
 * @param path      relative to the rules folder, with forward slashes ({@code common/entitlement.drl})
 * @param text      the content
 * @param generated true for DRL that provisor wrote from app.json (never on disk)
 */
public record RuleFile(String path, String text, boolean generated) {

    public static RuleFile of(String path, String text) {
        return new RuleFile(path, text, false);
    }

    public boolean isDrl() {
        return path.endsWith(".drl");
    }
}
