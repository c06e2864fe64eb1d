package io.provisor.rules.facts;

import io.provisor.model.TargetPath;

/**
 * A matching attribute: the source attribute whose value finds the account in the target.
 *
 * @param precedence 1 for the attribute tried first
 * @param path       the target attribute, parsed once
 */
public record AttributeMatch(int precedence, String source, String target, TargetPath path) {

    /** Throws IllegalArgumentException when the target is not a SCIM attribute path. */
    public AttributeMatch(int precedence, String source, String target) {
        this(precedence, source, target, TargetPath.parse(target));
    }
}
