package io.provisor.rules;

import io.provisor.model.Diagnostic;
import io.provisor.rules.DrlLexer.Kind;
import io.provisor.rules.DrlLexer.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.drools.drl.ast.descr.AbstractClassTypeDeclarationDescr;
import org.drools.drl.ast.descr.PackageDescr;

/**
 * Refuses uploaded DRL that reaches beyond what a rule needs, before anything is compiled.
 *
 * <p>Every name in the file is checked, not only the parts the DRL parser hands over as code: so
 * conditions, consequences, functions, {@code eval}, {@code from}, accumulate code, {@code declare}
 * fields, globals, dynamic {@code salience} and {@code enabled} expressions and MVEL's inline imports
 * are all covered. A name that resolves to a class (as Drools and MVEL would resolve it: through
 * {@code java.lang}, the DRL package, MVEL's built-in names, or written out in full) must be one of
 * the allowed types; imports must name allowed types; and the members that lead to reflection, class
 * loading, processes, system settings, threads or the engine itself are refused wherever they appear.
 */
final class DrlSandbox {

    static final String CODE = "drl_forbidden_reference";
    private static final String ALLOWED = "rules see only the fact vocabulary, java.lang value types and java.util collections";

    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .flatMap(module -> module.getPackages().stream()).collect(Collectors.toUnmodifiableSet());
    private static final int MAX_CACHED = 50_000;

    private final ClassLoader jdk = ClassLoader.getPlatformClassLoader();
    private final List<ClassLoader> loaders;
    private final Map<String, Boolean> classExists = new ConcurrentHashMap<>();

    DrlSandbox() {
        ClassLoader own = DrlSandbox.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        loaders = context == null || context == own ? List.of(own) : List.of(own, context);
    }

    /** Adds an error for every forbidden reference in a parsed file. */
    void check(RuleFile file, PackageDescr descr, List<Diagnostic> diagnostics) {
        new FileCheck(file, descr, diagnostics).run();
    }

    private final class FileCheck {

        private final RuleFile file;
        private final String drlPackage;
        private final Set<String> declaredTypes = new HashSet<>();
        private final List<Diagnostic> diagnostics;
        private final Set<String> reported = new HashSet<>();
        private List<Token> tokens = List.of();

        FileCheck(RuleFile file, PackageDescr descr, List<Diagnostic> diagnostics) {
            this.file = file;
            this.drlPackage = descr.getName() == null ? "" : descr.getName();
            this.diagnostics = diagnostics;
            for (AbstractClassTypeDeclarationDescr type : descr.getClassAndEnumDeclarationDescrs()) {
                declaredTypes.add(type.getTypeName());
            }
        }

        void run() {
            DrlLexer.Result lexed = DrlLexer.lex(file.text());
            lexed.problems().forEach(p -> report(p.line(), p.column(), p.message()));
            tokens = lexed.tokens();
            int i = 0;
            while (i < tokens.size()) {
                Token token = tokens.get(i);
                if (token.kind() != Kind.IDENTIFIER) {
                    i++;
                } else if (!isMember(i) && token.is("import")) {
                    i = importStatement(i);
                } else if (!isMember(i) && token.is("package")) {
                    i = chainEnd(i + 1);
                } else {
                    int end = chainEnd(i);
                    checkChain(i, end);
                    i = end;
                }
            }
        }

        /** {@code import [static|function|accumulate] a.b.C[.*]}, at the top of a file or inline in MVEL. */
        private int importStatement(int at) {
            Token keyword = tokens.get(at);
            int i = at + 1;
            String kind = "";
            if (i < tokens.size() && (tokens.get(i).is("static") || tokens.get(i).is("function") || tokens.get(i).is("accumulate"))) {
                kind = tokens.get(i).text();
                i++;
            }
            int end = chainEnd(i);
            String name = joined(i, end);
            boolean wildcard = end + 1 < tokens.size() && tokens.get(end).is(".") && tokens.get(end + 1).is("*");
            String written = "import " + (kind.isEmpty() ? "" : kind + " ") + name + (wildcard ? ".*" : "");
            if (kind.equals("accumulate")) {
                report(keyword, "`" + written + "` is not allowed: rules use the built-in accumulate functions only");
            } else if (!kind.isEmpty()) {
                String operators = DrlVocabulary.FACTS + ".Operators";
                if (!(wildcard ? name.equals(operators) : name.startsWith(operators + "."))) {
                    report(keyword, "`" + written + "` is not allowed: rules may import functions from `" + operators + "` only");
                }
            } else if (!(wildcard ? name.equals(DrlVocabulary.FACTS) : DrlVocabulary.allowed(name))) {
                report(keyword, "`" + written + "` is not allowed: rules may import `" + DrlVocabulary.FACTS + ".*`, "
                        + "`io.provisor.model.Action` and java.lang and java.util value and collection types");
            }
            return wildcard ? end + 2 : end;
        }

        private void checkChain(int start, int end) {
            for (int i = start; i < end; i++) {
                String what = DrlVocabulary.FORBIDDEN_MEMBERS.get(tokens.get(i).text());
                if (what != null) {
                    report(tokens.get(i), "`" + tokens.get(i).text() + "` is not allowed in rules: it reaches " + what);
                }
            }
            if (isMember(start)) {
                return;
            }
            Token first = tokens.get(start);
            String name = first.text();
            if (DrlVocabulary.ENGINE_VARIABLES.contains(name)) {
                report(first, "`" + name + "` is not allowed in rules: it reaches the rule engine; a consequence only "
                        + "inserts derived facts with insertLogical");
            } else if (DrlVocabulary.FACT_CHANGES.contains(name) && end == start + 1 && end < tokens.size() && tokens.get(end).is("(")) {
                report(first, "`" + name + "` is not allowed in rules: it changes the facts provisor inserted; a "
                        + "consequence only inserts derived facts with insertLogical");
            }
            if (!name.startsWith("$") && !DrlVocabulary.WORDS.contains(name)) {
                resolve(start, end);
            }
        }

        /** Resolves the chain's first name as Drools and MVEL would, then the chain as a qualified name. */
        private void resolve(int start, int end) {
            Token first = tokens.get(start);
            String simple = first.text();
            List<String> candidates = new ArrayList<>(List.of("java.lang." + simple));
            if (!drlPackage.isEmpty()) {
                candidates.add(drlPackage + "." + simple);
            }
            if (DrlVocabulary.MVEL_NAMES.containsKey(simple)) {
                candidates.add(DrlVocabulary.MVEL_NAMES.get(simple));
            }
            boolean isClass = declaredTypes.contains(simple);
            for (String candidate : candidates) {
                if (exists(candidate)) {
                    isClass = true;
                    if (!DrlVocabulary.allowed(candidate)) {
                        report(first, "`" + simple + "` is `" + candidate + "`, which rules may not use; " + ALLOWED);
                    }
                }
            }
            if (isClass) {
                return;
            }
            for (int i = start + 1; i < end; i++) {
                String qualified = joined(start, i + 1);
                if (exists(qualified)) {
                    if (!DrlVocabulary.allowed(qualified)) {
                        report(first, "`" + qualified + "` is outside what rules may use; " + ALLOWED);
                    }
                    return;
                }
            }
        }

        /** The index after a chain of names joined by {@code .} (or MVEL's null-safe {@code .?}). */
        private int chainEnd(int start) {
            int i = start;
            if (i >= tokens.size() || tokens.get(i).kind() != Kind.IDENTIFIER) {
                return Math.min(start + 1, tokens.size());
            }
            i++;
            while (i + 1 < tokens.size() && tokens.get(i).is(".")) {
                int next = tokens.get(i + 1).is("?") ? i + 2 : i + 1;
                if (next >= tokens.size() || tokens.get(next).kind() != Kind.IDENTIFIER) {
                    break;
                }
                i = next + 1;
            }
            return i;
        }

        private String joined(int start, int end) {
            StringBuilder name = new StringBuilder();
            for (int i = start; i < end; i++) {
                if (tokens.get(i).kind() == Kind.IDENTIFIER) {
                    name.append(name.isEmpty() ? "" : ".").append(tokens.get(i).text());
                }
            }
            return name.toString();
        }

        /** Preceded by {@code .}, {@code .?} or {@code ::}: a member of whatever came before, not a name of its own. */
        private boolean isMember(int i) {
            if (i == 0) {
                return false;
            }
            Token previous = tokens.get(i - 1);
            return previous.is(".") || (previous.is("?") && i > 1 && tokens.get(i - 2).is("."))
                    || (previous.is(":") && i > 1 && tokens.get(i - 2).is(":"));
        }

        private void report(Token at, String message) {
            report(at.line(), at.column(), message);
        }

        private void report(int line, int column, String message) {
            if (reported.add(line + ":" + column + ":" + message)) {
                diagnostics.add(Diagnostic.error(file.path(), line, column, CODE, message));
            }
        }
    }

    /** Whether a class of this binary name is visible to the rule compiler; looked up as a resource, never loaded. */
    private boolean exists(String name) {
        Boolean known = classExists.get(name);
        if (known != null) {
            return known;
        }
        String path = name.replace('.', '/') + ".class";
        int dot = name.lastIndexOf('.');
        boolean found;
        if (dot > 0 && JDK_PACKAGES.contains(name.substring(0, dot))) {
            found = jdk.getResource(path) != null;
        } else {
            found = loaders.stream().anyMatch(loader -> loader.getResource(path) != null);
        }
        if (classExists.size() < MAX_CACHED) {
            classExists.put(name, found);
        }
        return found;
    }
}
