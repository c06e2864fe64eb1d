package io.provisor.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.provisor.model.Diagnostic;
import io.provisor.rules.Atoms.Atom;
import io.provisor.rules.facts.Clause;
import io.provisor.rules.facts.ClauseOperator;
import io.provisor.rules.facts.Operators;
import io.provisor.rules.facts.ScopingFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * The lints that need the directory's values: a comparison with a value the directory holds only in
 * another case ({@code value_case_differs}), and a comparison on an attribute no user has
 * ({@code attribute_without_values}). Comparisons come from app.json's scoping filters and from
 * the {@code User(...)} patterns of every DRL rule.
 */
final class DirectoryLints {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<ClauseOperator> TEXT_OPERATORS = Set.of(ClauseOperator.EQUALS, ClauseOperator.NOT_EQUALS,
            ClauseOperator.IN_LIST, ClauseOperator.NOT_IN_LIST, ClauseOperator.INCLUDES, ClauseOperator.ENDS_WITH);

    private DirectoryLints() {
    }

    /**
     * A user attribute compared with values.
     *
     * @param operator the comparison as a filter operator, or null when it is not one (numbers, flags)
     * @param pointer  inside app.json, or null for DRL
     */
    record Comparison(String attribute, ClauseOperator operator, List<String> values, String file, int line,
                      int column, String pointer) {
    }

    static List<Diagnostic> check(List<Comparison> comparisons, Function<String, Set<String>> directory) {
        List<Diagnostic> warnings = new ArrayList<>();
        for (Comparison c : comparisons) {
            Set<String> present = directory.apply(c.attribute());
            if (present == null || present.isEmpty()) {
                warnings.add(warning(c, "attribute_without_values", "no user in the directory has a value for `"
                        + c.attribute() + "`, so this comparison decides the same for everyone"));
            } else if (c.operator() != null && TEXT_OPERATORS.contains(c.operator())) {
                for (String value : c.values()) {
                    List<String> others = caseOnly(c.operator(), value, present);
                    if (!others.isEmpty()) {
                        warnings.add(warning(c, "value_case_differs", "`" + c.attribute() + "` is compared with `" + value
                                + "`, but the directory has " + String.join(", ", others.stream().map(o -> "`" + o + "`").toList())
                                + "; comparisons are case-sensitive"));
                    }
                }
            }
        }
        return warnings;
    }

    /** Directory values that match only when case is ignored; empty when some value matches as written. */
    private static List<String> caseOnly(ClauseOperator operator, String value, Set<String> present) {
        BiPredicate<String, String> matches = switch (operator) {
            case INCLUDES -> String::contains;
            case ENDS_WITH -> String::endsWith;
            default -> String::equals;
        };
        String lower = value.toLowerCase(Locale.ROOT);
        List<String> others = new ArrayList<>();
        for (String candidate : present) {
            if (matches.test(candidate, value)) {
                return List.of();
            }
            if (others.size() < 3 && matches.test(candidate.toLowerCase(Locale.ROOT), lower)) {
                others.add(candidate);
            }
        }
        return others.stream().sorted().toList();
    }

    /** The comparisons of app.json's filters and of the DRL rules' {@code User} patterns (generated files aside). */
    static List<Comparison> comparisons(RuleSet rules, Map<RuleFile, PackageDescr> drl) {
        List<Comparison> comparisons = new ArrayList<>();
        rules.files().stream().filter(f -> f.path().endsWith("/app.json")).findFirst()
                .ifPresent(config -> declared(rules, config, comparisons));
        drl.forEach((file, descr) -> {
            if (file.generated()) {
                return;
            }
            for (RuleDescr rule : descr.getRules()) {
                Atoms.patterns(rule.getLhs(), pattern -> {
                    if (isUser(pattern)) {
                        for (Atom atom : Atoms.of(pattern)) {
                            if (atom.known() && (AttributeNames.isUserAttribute(atom.field()) || atom.text().startsWith("attribute("))) {
                                comparisons.add(new Comparison(atom.field(), atom.clauseOperator(),
                                        items(atom.clauseOperator(), atom.values()), file.path(), atom.line(), atom.column(), null));
                            }
                        }
                    }
                });
            }
        });
        return comparisons;
    }

    private static void declared(RuleSet rules, RuleFile config, List<Comparison> comparisons) {
        List<ScopingFilter> filters = rules.app().scopingFilters();
        for (int i = 0; i < filters.size(); i++) {
            List<Clause> clauses = filters.get(i).clauses();
            for (int j = 0; j < clauses.size(); j++) {
                Clause clause = clauses.get(j);
                String pointer = "/scopingFilters/" + i + "/clauses/" + j + (clause.operator().unary() ? "/attribute" : "/value");
                List<String> values = clause.operator().unary() ? List.of() : items(clause.operator(), List.of(clause.value()));
                int[] at = locate(config.text(), pointer);
                comparisons.add(new Comparison(clause.attribute(), clause.operator(), values, config.path(), at[0], at[1], pointer));
            }
        }
    }

    /** The comma-separated items of {@code &} and {@code !&}, the values themselves otherwise. */
    private static List<String> items(ClauseOperator operator, List<String> values) {
        boolean list = operator == ClauseOperator.IN_LIST || operator == ClauseOperator.NOT_IN_LIST;
        return list ? values.stream().flatMap(v -> Operators.listItems(v).stream()).toList() : values;
    }

    static boolean isUser(PatternDescr pattern) {
        String type = pattern.getObjectType();
        return "User".equals(type) || (DrlVocabulary.FACTS + ".User").equals(type);
    }

    /** Line and column of the value a JSON pointer names, or zeros. */
    static int[] locate(String json, String pointer) {
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isScalarValue() && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    var location = parser.currentTokenLocation();
                    return new int[] {location.getLineNr(), location.getColumnNr()};
                }
            }
        } catch (IOException e) {
            // app.json was read once already; without a position the pointer still says where
        }
        return new int[] {0, 0};
    }

    private static Diagnostic warning(Comparison c, String code, String message) {
        return new Diagnostic(Diagnostic.Severity.WARNING, c.file(), c.line(), c.column(), code, message, c.pointer());
    }
}
