package io.provisor.policytest;

import io.provisor.engine.EvaluationInput;

/**
 * One policy test: a user with its facts, and the outcome the rules must give it.
 *
 * @param source where the case was written: a test file relative to the rules folder and the case's
 *               JSON pointer ({@code contoso-crm/tests/scoping.json#/1}), or a pointer into a request body
 */
public record TestCase(String name, String source, EvaluationInput input, Outcome expect) {
}
