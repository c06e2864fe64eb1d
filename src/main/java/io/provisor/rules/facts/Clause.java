package io.provisor.rules.facts;

/** One condition of a scoping filter: {@code attribute operator value}. Unary operators have no value. */
public record Clause(String attribute, ClauseOperator operator, String value) {

    /** How the portal shows it: {@code department EQUALS Sales}. */
    public String describe() {
        return operator.unary() ? attribute + " " + operator : attribute + " " + operator + " " + value;
    }
}
