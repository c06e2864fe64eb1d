package io.provisor.policytest;

/** A rule of the set that fired in no test, and where it is written. */
public record UncoveredRule(String id, String file, int line) {
}
