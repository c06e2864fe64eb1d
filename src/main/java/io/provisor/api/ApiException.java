package io.provisor.api;

/** A request the API cannot answer, already phrased as a problem. */
final class ApiException extends RuntimeException {

    private final transient Problem problem;

    ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    static ApiException notFound(String code, String detail) {
        return new ApiException(Problem.of(404, code, "Not found", detail));
    }
}
