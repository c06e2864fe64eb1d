package io.provisor.rules.facts;

/**
 * A matching attribute: the source attribute whose value finds the account in the target.
 *
 * @param precedence 1 for the attribute tried first
 */
public record AttributeMatch(int precedence, String source, String target) {
}
