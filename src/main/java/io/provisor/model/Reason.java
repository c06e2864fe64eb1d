package io.provisor.model;

/**
 * A rule that contributed to a decision.
 *
 * @param ruleId    stable id, {@code <stage>.<slug>}
 * @param file      rule file relative to the rules folder
 * @param line      line of the rule in that file
 * @param code      provisor's reason code
 * @param entraCode the code Entra would log for the same cause
 * @param message   plain sentence with the offending values
 * @param fix       what an admin can do about it, or null when nothing needs fixing
 */
public record Reason(String ruleId, String file, int line, String code, String entraCode, String message, String fix) {
}
