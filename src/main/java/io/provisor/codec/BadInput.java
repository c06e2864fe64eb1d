package io.provisor.codec;

import java.util.List;

/** Input that cannot be used, with every problem and where it is (a JSON pointer). */
public final class BadInput extends RuntimeException {

    /** One problem: where, and what is wrong, as a lowercase sentence. */
    public record Problem(String pointer, String message) {
    }

    private final List<Problem> problems;

    public BadInput(List<Problem> problems) {
        super(problems.isEmpty() ? "bad input" : describe(problems.get(0)));
        this.problems = List.copyOf(problems);
    }

    public BadInput(String pointer, String message) {
        this(List.of(new Problem(pointer, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(Problem problem) {
        return problem.pointer().isEmpty() ? problem.message() : problem.pointer() + ": " + problem.message();
    }
}
