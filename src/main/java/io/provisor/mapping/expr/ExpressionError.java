package io.provisor.mapping.expr;

/**
 * Why an expression cannot be parsed or evaluated: a stable snake_case {@link #code()}, a lowercase
 * message that quotes the user's text in backticks, and the 0-based character {@link #offset()} in the
 * expression where the problem is.
 */
public final class ExpressionError extends RuntimeException {

    private final String code;
    private final int offset;

    ExpressionError(String code, String message, int offset) {
        super(message);
        this.code = code;
        this.offset = offset;
    }

    static ExpressionError syntax(String message, int offset) {
        return new ExpressionError("syntax_error", message, offset);
    }

    static ExpressionError invalidArgument(String message, int offset) {
        return new ExpressionError("invalid_argument", message, offset);
    }

    public String code() {
        return code;
    }

    public int offset() {
        return offset;
    }

    @Override
    public String toString() {
        return code + " at " + offset + ": " + getMessage();
    }
}
