/**
 * Policy tests: test cases written as data next to an app's rules ({@code rules/<app>/tests/*.json}),
 * run against a rule set like unit tests, with the rules that fired in no test reported as uncovered.
 *
 * <p>A test file holds one case or a list of cases:
 * <pre>{@code
 * {"name": "a US sales rep gets an account",
 *  "user": {...}, "groups": [...], "assignments": [...], "target": {...},
 *  "expect": {"action": "create", "code": "NoMatchFound", "rule": "processing.create"}}
 * }</pre>
 * The facts are read as the evaluate request's ({@link io.provisor.codec.FactReader}); {@code expect.rule}
 * is optional, {@code description} may say more than the name. Problems are reported with the file
 * and a JSON pointer.
 */
package io.provisor.policytest;
