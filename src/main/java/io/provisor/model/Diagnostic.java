package io.provisor.model;

/**
 * A problem found in a rule file or an app configuration.
 *
 * @param severity error (the set is rejected) or warning
 * @param file     path relative to the rules folder
 * @param line     1-based line, 0 when unknown
 * @param column   1-based column, 0 when unknown
 * @param code     stable snake_case code
 * @param message  lowercase sentence, user input in backticks
 * @param pointer  JSON pointer inside a JSON file, or null
 */
public record Diagnostic(Severity severity, String file, int line, int column, String code, String message, String pointer) {

    public enum Severity {
        ERROR, WARNING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Diagnostic error(String file, int line, int column, String code, String message) {
        return new Diagnostic(Severity.ERROR, file, line, column, code, message, null);
    }

    public static Diagnostic jsonError(String file, String pointer, String code, String message) {
        return new Diagnostic(Severity.ERROR, file, 0, 0, code, message, pointer);
    }

    public static Diagnostic warning(String file, int line, int column, String code, String message) {
        return new Diagnostic(Severity.WARNING, file, line, column, code, message, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
