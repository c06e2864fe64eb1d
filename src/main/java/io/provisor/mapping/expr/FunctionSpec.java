package io.provisor.mapping.expr;

import java.util.Set;

/**
 * One function of the language: its name, how many arguments it takes (checked at parse time), which
 * positions below the minimum may still be left empty, what it computes, and the checks it makes on its
 * arguments at parse time.
 *
 * @param readsArguments false for the role functions, whose {@code [appRoleAssignments]} argument names
 *                       the roles in the context rather than an attribute value
 */
record FunctionSpec(String name, int minArgs, int maxArgs, Set<Integer> omittable, boolean readsArguments,
                    Body body, Check check) {

    static final int VARIADIC = Integer.MAX_VALUE;

    /** Computes the call's value from its lazily evaluated arguments. */
    interface Body {
        Object apply(Args args);
    }

    /** Rejects, at parse time, argument shapes and literal values that can never work. */
    interface Check {
        void check(Call call);
    }

    FunctionSpec {
        omittable = Set.copyOf(omittable);
    }

    static FunctionSpec of(String name, int minArgs, int maxArgs, Body body) {
        return new FunctionSpec(name, minArgs, maxArgs, Set.of(), true, body, call -> { });
    }

    static FunctionSpec of(String name, int args, Body body) {
        return of(name, args, args, body);
    }

    FunctionSpec omittable(Integer... positions) {
        return new FunctionSpec(name, minArgs, maxArgs, Set.of(positions), readsArguments, body, check);
    }

    FunctionSpec checked(Check more) {
        Check first = check;
        return new FunctionSpec(name, minArgs, maxArgs, omittable, readsArguments, body, call -> {
            first.check(call);
            more.check(call);
        });
    }

    FunctionSpec readingNoArguments() {
        return new FunctionSpec(name, minArgs, maxArgs, omittable, false, body, check);
    }

    boolean accepts(int count) {
        return count >= minArgs && count <= maxArgs;
    }

    /** "2 arguments", "1 to 3 arguments", "at least 2 arguments": for argument_count messages. */
    String arity() {
        if (maxArgs == VARIADIC) {
            return "at least " + plural(minArgs);
        }
        return minArgs == maxArgs ? plural(minArgs) : minArgs + " to " + plural(maxArgs);
    }

    private static String plural(int count) {
        return count == 0 ? "no arguments" : count == 1 ? "1 argument" : count + " arguments";
    }
}
