package io.provisor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisor.model.Diagnostic;
import io.provisor.rules.facts.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Warnings about a compiled rule set that probably does not do what its author meant. {@code validate}
 * shows them; they never reject a set.
 *
 * <ul>
 *   <li>{@code rule_untested}: a rule of the app's folder (or of its app.json) that no test case
 *       names in {@code expect.rule}; only when the app has a tests folder</li>
 *   <li>{@code value_case_differs}: a comparison with a value the directory holds only in another case</li>
 *   <li>{@code attribute_without_values}: a comparison on an attribute no user has a value for</li>
 *   <li>{@code opposite_actions}, {@code exclusion_overrides_inclusion}: see {@link OppositeRules}</li>
 * </ul>
 */
public final class RuleLinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, Set<String>> directoryValues;

    /** The lints that need no directory. */
    public RuleLinter() {
        this(null);
    }

    /**
     * @param directoryValues the distinct non-empty values of a user attribute in the directory, for
     *                        the lints that compare with them; null leaves those lints out
     */
    public RuleLinter(Function<String, Set<String>> directoryValues) {
        this.directoryValues = directoryValues;
    }

    /**
     * @param tests the app's test files ({@code <app>/tests/*.json}), or empty when it has no tests folder
     */
    public List<Diagnostic> lint(RuleSet rules, Optional<List<RuleFile>> tests) {
        String app = rules.files().stream().map(RuleFile::path).filter(p -> p.endsWith("/app.json")).findFirst()
                .map(p -> p.substring(0, p.length() - "/app.json".length())).orElse(rules.app().name());
        Map<RuleFile, PackageDescr> drl = parse(rules);
        List<Diagnostic> warnings = new ArrayList<>();
        tests.ifPresent(files -> warnings.addAll(untested(app, rules, files)));
        if (directoryValues != null) {
            warnings.addAll(DirectoryLints.check(DirectoryLints.comparisons(rules, drl), directoryValues));
        }
        warnings.addAll(OppositeRules.find(app, rules, drl));
        return warnings;
    }

    /** The distinct non-empty values of each attribute of these users, as {@link User#attribute(String)} reads them. */
    public static Function<String, Set<String>> valuesOf(Collection<User> users) {
        List<User> all = List.copyOf(users);
        Map<String, Set<String>> known = new ConcurrentHashMap<>();
        return attribute -> known.computeIfAbsent(attribute, name -> {
            Set<String> values = new HashSet<>();
            for (User user : all) {
                Object value = user.attribute(name);
                if (value instanceof Collection<?> items) {
                    items.forEach(item -> values.add(String.valueOf(item)));
                } else if (value != null && !String.valueOf(value).isEmpty()) {
                    values.add(String.valueOf(value));
                }
            }
            return Set.copyOf(values);
        });
    }

    private static List<Diagnostic> untested(String app, RuleSet rules, List<RuleFile> tests) {
        List<Diagnostic> warnings = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (RuleFile test : tests) {
            JsonNode root;
            try {
                root = JSON.readTree(test.text());
            } catch (IOException e) {
                warnings.add(Diagnostic.warning(test.path(), 0, 0, "test_file_invalid",
                        "the test file is not valid JSON, so its tests were not counted"));
                continue;
            }
            List<JsonNode> cases = new ArrayList<>();
            if (root != null && root.isArray()) {
                root.forEach(cases::add);
            } else if (root != null) {
                cases.add(root);
            }
            for (JsonNode testCase : cases) {
                JsonNode rule = testCase.path("expect").path("rule");
                if (rule.isTextual()) {
                    named.add(rule.asText());
                }
            }
        }
        String folder = app + "/tests";
        for (RuleInfo rule : rules.rules().values()) {
            if (rule.file().startsWith(app + "/") && !named.contains(rule.id())) {
                warnings.add(Diagnostic.warning(rule.file(), rule.line(), 0, "rule_untested",
                        "no test in `" + folder + "` expects rule `" + rule.id() + "` to decide"));
            }
        }
        return warnings;
    }

    private static Map<RuleFile, PackageDescr> parse(RuleSet rules) {
        Map<RuleFile, PackageDescr> parsed = new LinkedHashMap<>();
        for (RuleFile file : rules.files()) {
            if (!file.isDrl()) {
                continue;
            }
            try {
                PackageDescr descr = new DrlParser().parse(false, file.text());
                if (descr != null) {
                    parsed.put(file, descr);
                }
            } catch (DroolsParserException e) {
                // the set compiled, so its files parse
            }
        }
        return parsed;
    }
}
