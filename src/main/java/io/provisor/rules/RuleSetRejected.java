package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.util.List;

/** A rule set that cannot become active, with every problem found. */
public final class RuleSetRejected extends Exception {

    private final String app;
    private final List<Diagnostic> diagnostics;

    public RuleSetRejected(String app, List<Diagnostic> diagnostics) {
        super("rule set of `" + app + "` rejected: " + diagnostics.stream().filter(Diagnostic::isError)
                .findFirst().map(d -> d.file() + ":" + d.line() + ": " + d.message()).orElse("no details"));
        this.app = app;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public String app() {
        return app;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
