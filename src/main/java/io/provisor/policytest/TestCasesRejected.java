package io.provisor.policytest;

import io.provisor.model.Diagnostic;
import java.util.List;

/** Test files that cannot be run, with every problem: the file, and a JSON pointer or a line and column. */
public final class TestCasesRejected extends Exception {

    private final List<Diagnostic> diagnostics;

    public TestCasesRejected(List<Diagnostic> diagnostics) {
        super(describe(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The first problem as {@code file#pointer: message}, and how many more there are. */
    private static String describe(List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            return "the test cases were rejected";
        }
        Diagnostic first = diagnostics.get(0);
        String where = first.pointer() != null ? first.file() + "#" + first.pointer()
                : first.file() + (first.line() > 0 ? ":" + first.line() + ":" + first.column() : "");
        String more = diagnostics.size() > 1 ? " (and " + (diagnostics.size() - 1) + " more)" : "";
        return where + ": " + first.message() + more;
    }
}
