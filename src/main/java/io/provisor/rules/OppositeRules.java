package io.provisor.rules;

import io.provisor.model.Diagnostic;
import io.provisor.rules.Atoms.Atom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Pairs of rules that can decide opposite things for the same facts, found statically from the DRL:
 * one proposes a create and the other a delete or disable ({@code opposite_actions}), or an exclusion
 * tests the same user values as an inclusion and nothing more about the user, so the inclusion never
 * counts ({@code exclusion_overrides_inclusion}).
 *
 * <p>Conservative: two rules are taken to exclude each other only when their top-level patterns show
 * it (one needs a fact the other needs absent, or a {@code User}, {@code App} or {@code TargetState}
 * constraint of one contradicts one of the other: {@code linked} and {@code !linked},
 * {@code == "a"} and {@code == "b"}, {@code == 0} and {@code > 1}). Conditions inside {@code or},
 * {@code from}, {@code accumulate} or {@code eval}, and exclusions that follow from what other rules
 * derive, are not seen, so such pairs are reported; a proposal whose action is a variable is not.
 */
final class OppositeRules {

    /** Facts the engine inserts once per evaluation, so two patterns of one of them see the same object. */
    private static final Set<String> SINGLE = Set.of("User", "App", "TargetState");
    private static final Pattern PROPOSAL = Pattern.compile("new\\s+ProposedAction\\s*\\(\\s*(?:Action\\s*\\.\\s*)?(CREATE|DELETE|DISABLE)\\b");
    private static final Pattern DERIVED = Pattern.compile("new\\s+(Entitled|InScope|NotEntitled|OutOfScope|RequirementFailed)\\b");

    private OppositeRules() {
    }

    private record Condition(String type, boolean present, List<Atom> atoms) {
    }

    private record Candidate(RuleInfo info, List<Condition> conditions, Set<String> actions, boolean includes,
                             boolean excludes) {

        boolean creates() {
            return actions.contains("create");
        }

        boolean removes() {
            return actions.contains("delete") || actions.contains("disable");
        }

        String where() {
            return info.file() + ":" + info.line();
        }
    }

    static List<Diagnostic> find(String app, RuleSet rules, Map<RuleFile, PackageDescr> drl) {
        List<Candidate> candidates = new ArrayList<>();
        drl.values().forEach(descr -> descr.getRules().forEach(rule -> {
            RuleInfo info = rules.rule(rule.getName());
            if (info != null) {
                Candidate candidate = candidate(info, rule);
                if (candidate.creates() || candidate.removes() || candidate.includes() || candidate.excludes()) {
                    candidates.add(candidate);
                }
            }
        }));
        candidates.sort(Comparator.comparingInt(c -> c.info().order()));
        List<Diagnostic> warnings = new ArrayList<>();
        for (int j = 0; j < candidates.size(); j++) {
            for (int i = 0; i < j; i++) {
                Candidate a = candidates.get(i);
                Candidate b = candidates.get(j);
                if (!a.info().file().startsWith(app + "/") && !b.info().file().startsWith(app + "/")) {
                    continue;
                }
                if (((a.creates() && b.removes()) || (a.removes() && b.creates())) && !exclusive(a, b)) {
                    warnings.add(warning(b, "opposite_actions", "rule `" + b.info().id() + "` can propose "
                            + String.join(" or ", b.actions()) + " for the same facts as rule `" + a.info().id() + "` ("
                            + a.where() + ") proposes " + String.join(" or ", a.actions())
                            + "; make their conditions exclude each other"));
                }
                Candidate inclusion = a.includes() && b.excludes() ? a : b.includes() && a.excludes() ? b : null;
                Candidate exclusion = inclusion == a ? b : a;
                if (inclusion != null && overrides(exclusion, inclusion)) {
                    warnings.add(warning(exclusion, "exclusion_overrides_inclusion", "rule `" + exclusion.info().id()
                            + "` excludes every user that rule `" + inclusion.info().id() + "` (" + inclusion.where()
                            + ") includes, by the same attribute values, so that inclusion never counts"));
                }
            }
        }
        return warnings;
    }

    private static Candidate candidate(RuleInfo info, RuleDescr rule) {
        List<Condition> conditions = new ArrayList<>();
        for (BaseDescr descr : rule.getLhs().getDescrs()) {
            if (descr instanceof PatternDescr pattern && pattern.getSource() == null) {
                conditions.add(new Condition(simple(pattern.getObjectType()), true, Atoms.of(pattern)));
            } else if ((descr instanceof NotDescr || descr instanceof ExistsDescr) && single(descr) != null) {
                PatternDescr pattern = single(descr);
                conditions.add(new Condition(simple(pattern.getObjectType()), descr instanceof ExistsDescr, Atoms.of(pattern)));
            }
        }
        StringBuilder consequence = new StringBuilder(String.valueOf(rule.getConsequence()));
        rule.getNamedConsequences().values().forEach(named -> consequence.append('\n').append(named));
        Set<String> actions = new TreeSet<>();
        Matcher proposal = PROPOSAL.matcher(consequence);
        while (proposal.find()) {
            actions.add(proposal.group(1).toLowerCase(Locale.ROOT));
        }
        boolean includes = false;
        boolean excludes = false;
        Matcher derived = DERIVED.matcher(consequence);
        while (derived.find()) {
            boolean inclusion = derived.group(1).equals("Entitled") || derived.group(1).equals("InScope");
            includes |= inclusion;
            excludes |= !inclusion;
        }
        return new Candidate(info, conditions, actions, includes, excludes);
    }

    private static PatternDescr single(BaseDescr element) {
        List<? extends BaseDescr> children = element instanceof NotDescr not ? not.getDescrs() : ((ExistsDescr) element).getDescrs();
        return children.size() == 1 && children.get(0) instanceof PatternDescr pattern && pattern.getSource() == null
                ? pattern : null;
    }

    /** True when the top-level patterns show that no facts satisfy both rules. */
    private static boolean exclusive(Candidate a, Candidate b) {
        for (Condition x : a.conditions()) {
            for (Condition y : b.conditions()) {
                if (!x.type().equals(y.type())) {
                    continue;
                }
                if ((x.present() && !y.present() && covers(x, y)) || (!x.present() && y.present() && covers(y, x))) {
                    return true;
                }
                if (x.present() && y.present() && SINGLE.contains(x.type()) && contradict(x.atoms(), y.atoms())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Any fact matching {@code present} also matches {@code absent}, whose constraints use no variable. */
    private static boolean covers(Condition present, Condition absent) {
        Set<String> keys = keys(present.atoms());
        return absent.atoms().stream().allMatch(atom -> !atom.text().contains("$") && keys.contains(key(atom)));
    }

    private static boolean contradict(List<Atom> xs, List<Atom> ys) {
        for (Atom x : xs) {
            for (Atom y : ys) {
                if (x.known() && y.known() && x.field().equals(y.field()) && contradict(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contradict(Atom x, Atom y) {
        if (x.values().size() != 1 || y.values().size() != 1) {
            return false;
        }
        String xv = x.values().get(0);
        String yv = y.values().get(0);
        String ops = x.operator() + " " + y.operator();
        if (ops.equals("is is") || ops.equals("== ==")) {
            return !xv.equals(yv);
        }
        if (ops.equals("== !=") || ops.equals("!= ==")) {
            return xv.equals(yv);
        }
        long[] xr = range(x.operator(), xv);
        long[] yr = range(y.operator(), yv);
        return xr != null && yr != null && (xr[1] < yr[0] || yr[1] < xr[0]);
    }

    /** The integers a numeric comparison allows, as [low, high], or null. */
    private static long[] range(String operator, String value) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (operator) {
            case "==" -> new long[] {n, n};
            case ">" -> new long[] {n + 1, Long.MAX_VALUE};
            case ">=" -> new long[] {n, Long.MAX_VALUE};
            case "<" -> new long[] {Long.MIN_VALUE, n - 1};
            case "<=" -> new long[] {Long.MIN_VALUE, n};
            default -> null;
        };
    }

    /** The exclusion's user constraints share a value test with the inclusion's and add nothing to them. */
    private static boolean overrides(Candidate exclusion, Candidate inclusion) {
        List<Atom> excluded = userAtoms(exclusion);
        Set<String> included = keys(userAtoms(inclusion));
        boolean sharesValue = excluded.stream().anyMatch(atom -> atom.known() && !atom.operator().equals("is")
                && !atom.values().isEmpty() && included.contains(key(atom)));
        return sharesValue && excluded.stream().allMatch(atom -> included.contains(key(atom))) && !exclusive(exclusion, inclusion);
    }

    private static List<Atom> userAtoms(Candidate candidate) {
        return candidate.conditions().stream().filter(c -> c.present() && c.type().equals("User"))
                .flatMap(c -> c.atoms().stream()).toList();
    }

    private static Set<String> keys(List<Atom> atoms) {
        Set<String> keys = new TreeSet<>();
        atoms.forEach(atom -> keys.add(key(atom)));
        return keys;
    }

    private static String key(Atom atom) {
        return atom.known() ? atom.field() + " " + atom.operator() + " " + atom.values() : atom.text();
    }

    private static String simple(String type) {
        return type == null ? "" : type.substring(type.lastIndexOf('.') + 1);
    }

    private static Diagnostic warning(Candidate at, String code, String message) {
        return Diagnostic.warning(at.info().file(), at.info().line(), 0, code, message);
    }
}
