package io.provisor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.model.Diagnostic;
import io.provisor.rules.facts.Clause;
import io.provisor.rules.facts.ClauseOperator;
import io.provisor.rules.facts.Operators;
import io.provisor.rules.facts.ScopingFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/** Reads the scoping filters of app.json in Entra's clause form and checks each clause. */
final class ScopingFilterReader {

    private final String file;
    private final List<Diagnostic> diagnostics;

    ScopingFilterReader(String file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    List<ScopingFilter> read(JsonNode node) {
        List<ScopingFilter> filters = new ArrayList<>();
        if (node.isMissingNode()) {
            return filters;
        }
        if (!node.isArray()) {
            error("/scopingFilters", "scoping_filters_invalid", "scopingFilters must be a list");
            return filters;
        }
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/scopingFilters/" + i;
            String title = node.get(i).path("title").asText("").trim();
            if (title.isEmpty()) {
                error(pointer + "/title", "filter_title_missing", "a scoping filter needs a title");
                continue;
            }
            String ruleId = "scoping." + slug(title);
            if (!ruleIds.add(ruleId)) {
                error(pointer + "/title", "filter_title_duplicate", "two scoping filters are named `" + title + "`");
            }
            List<Clause> clauses = readClauses(node.get(i).path("clauses"), pointer + "/clauses");
            if (clauses.isEmpty()) {
                error(pointer + "/clauses", "filter_clauses_missing", "scoping filter `" + title + "` has no valid clause");
            }
            filters.add(new ScopingFilter(title, ruleId, clauses));
        }
        return filters;
    }

    private List<Clause> readClauses(JsonNode node, String pointer) {
        List<Clause> clauses = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Clause clause = readClause(node.get(i), pointer + "/" + i);
            if (clause != null) {
                clauses.add(clause);
            }
        }
        return clauses;
    }

    private Clause readClause(JsonNode node, String pointer) {
        String attribute = node.path("attribute").asText("");
        String operatorName = node.path("operator").asText("");
        ClauseOperator operator = ClauseOperator.fromPortalName(operatorName);
        JsonNode valueNode = node.path("value");
        String value = valueNode.isMissingNode() || valueNode.isNull() ? null : valueNode.asText();
        if (AttributeNames.isUnsupportedInFilters(attribute)) {
            error(pointer + "/attribute", "attribute_not_filterable",
                    "scoping filters cannot test `" + attribute + "` (multi-valued, reference or type attributes are not supported)");
            return null;
        }
        if (!AttributeNames.isFilterable(attribute)) {
            error(pointer + "/attribute", "attribute_unknown", "`" + attribute + "` is not a user attribute");
            return null;
        }
        if (operator == null) {
            error(pointer + "/operator", "operator_unknown", "unknown operator `" + operatorName
                    + "`; use one of " + java.util.Arrays.toString(ClauseOperator.values()));
            return null;
        }
        if (!operator.unary() && (value == null || value.isEmpty())) {
            error(pointer + "/value", "clause_value_missing", "operator `" + operator + "` needs a value");
            return null;
        }
        if (operator.numeric() && Operators.integerValue(value) == null) {
            error(pointer + "/value", "integer_expected", "`" + operator + "` compares integers; `" + value + "` is not one");
            return null;
        }
        if (operator.regex()) {
            try {
                Operators.compile(value);
            } catch (PatternSyntaxException e) {
                error(pointer + "/value", "regex_invalid", "`" + value + "` is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
                return null;
            }
        }
        return new Clause(attribute, operator, operator.unary() ? null : value);
    }

    /** Lowercase words joined by dashes: {@code "Sales in the US"} becomes {@code sales-in-the-us}. */
    static String slug(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "filter" : slug;
    }

    private void error(String pointer, String code, String message) {
        diagnostics.add(Diagnostic.jsonError(file, pointer, code, message));
    }
}
