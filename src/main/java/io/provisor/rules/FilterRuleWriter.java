package io.provisor.rules;

import io.provisor.rules.facts.App;
import io.provisor.rules.facts.Clause;
import io.provisor.rules.facts.ScopingFilter;
import io.provisor.rules.facts.User;
import java.util.stream.Collectors;

/** Turns the scoping filters declared in app.json into DRL, one rule per filter, so both forms explain alike. */
final class FilterRuleWriter {

    private FilterRuleWriter() {
    }

    /** The generated file, or null when the app declares no filter. */
    static RuleFile write(App app) {
        if (app.scopingFilters().isEmpty()) {
            return null;
        }
        StringBuilder drl = new StringBuilder()
                .append("// Generated from ").append(app.name()).append("/app.json: one rule per scoping filter.\n")
                .append("package generated;\n\n")
                .append("import io.provisor.rules.facts.*;\n");
        for (ScopingFilter filter : app.scopingFilters()) {
            drl.append('\n').append(rule(filter));
        }
        return new RuleFile(path(app.name()), drl.toString(), true);
    }

    static String path(String app) {
        return app + "/generated/scoping-filters.drl";
    }

    private static String rule(ScopingFilter filter) {
        String description = filter.clauses().stream().map(Clause::describe).collect(Collectors.joining(" AND "));
        String constraints = filter.clauses().stream().map(FilterRuleWriter::constraint)
                .collect(Collectors.joining(",\n        "));
        return "rule " + quote(filter.ruleId()) + "\n"
                + "    @code(\"ScopingFilterNotMatched\")\n"
                + "    @entraCode(\"NotEffectivelyEntitled\")\n"
                + "    @filter(" + quote(filter.title()) + ")\n"
                + "    @reason(" + quote("scoping filter `" + filter.title() + "`: " + description) + ")\n"
                + "    @fix(\"change the user's attributes to satisfy every clause of one filter, or change the filter\")\n"
                + "when\n"
                + "    User(\n        " + constraints + " )\n"
                + "then\n"
                + "    insertLogical(new InScope(\"filter\", " + quote(filter.title()) + "));\n"
                + "end\n";
    }

    private static String constraint(Clause clause) {
        String function = "Operators." + clause.operator().function();
        String value = plainField(clause.attribute()) ? clause.attribute() : "attribute(" + quote(clause.attribute()) + ")";
        return clause.operator().unary() ? function + "(" + value + ")"
                : function + "(" + value + ", " + quote(clause.value()) + ")";
    }

    /** String fields are read directly; booleans and extensions through {@link User#attribute(String)}. */
    private static boolean plainField(String attribute) {
        return User.fieldNames().contains(attribute) && !attribute.equals("accountEnabled");
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
