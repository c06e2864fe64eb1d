package io.provisor.rules;

import io.provisor.model.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;

/**
 * Parses one DRL file and checks the house rules before anything is compiled: ids of the form
 * {@code <stage>.<kebab-slug>}, {@code @code} and {@code @reason} on every rule, and nothing that
 * {@link DrlSandbox} refuses.
 */
final class DrlInspector {

    private static final Pattern RULE_ID = Pattern.compile("[a-z]+\\.[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PASCAL_CASE = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private DrlInspector() {
    }

    /** The rules of the file; problems are added to {@code diagnostics}. */
    static List<RuleInfo> inspect(RuleFile file, boolean appScoped, DrlSandbox sandbox, List<Diagnostic> diagnostics) {
        DrlParser parser = new DrlParser();
        PackageDescr descr;
        try {
            descr = parser.parse(false, file.text());
        } catch (DroolsParserException e) {
            diagnostics.add(Diagnostic.error(file.path(), e.getLineNumber(), e.getColumn(), "drl_syntax", e.getMessage()));
            return List.of();
        }
        if (parser.hasErrors() || descr == null) {
            for (DroolsError error : parser.getErrors()) {
                int line = error instanceof ParserError p ? p.getRow() : firstLine(error.getLines());
                int column = error instanceof ParserError p ? p.getCol() + 1 : 0;
                diagnostics.add(Diagnostic.error(file.path(), line, column, "drl_syntax", error.getMessage()));
            }
            return List.of();
        }
        sandbox.check(file, descr, diagnostics);
        List<RuleInfo> rules = new ArrayList<>();
        for (RuleDescr rule : descr.getRules()) {
            RuleInfo info = describe(file, rule, appScoped, diagnostics);
            if (info != null) {
                rules.add(info);
            }
        }
        return rules;
    }

    private static RuleInfo describe(RuleFile file, RuleDescr rule, boolean appScoped, List<Diagnostic> diagnostics) {
        String id = rule.getName();
        int line = rule.getLine();
        int errors = diagnostics.size();
        RuleStage stage = RuleStage.ofRuleId(id);
        if (!RULE_ID.matcher(id).matches() || stage == null) {
            diagnostics.add(Diagnostic.error(file.path(), line, rule.getColumn() + 1, "rule_id_invalid",
                    "rule `" + id + "` must be named `<stage>.<kebab-slug>` with a stage among import, entitlement,"
                            + " scoping, matching, processing"));
        }
        String code = metadata(rule, "code");
        String reason = metadata(rule, "reason");
        if (code == null) {
            diagnostics.add(Diagnostic.error(file.path(), line, 0, "rule_code_missing", "rule `" + id + "` has no @code"));
        } else if (!PASCAL_CASE.matcher(code).matches()) {
            diagnostics.add(Diagnostic.error(file.path(), line, 0, "rule_code_invalid",
                    "@code of rule `" + id + "` must be PascalCase, not `" + code + "`"));
        }
        if (reason == null || reason.isBlank()) {
            diagnostics.add(Diagnostic.error(file.path(), line, 0, "rule_reason_missing", "rule `" + id + "` has no @reason"));
        }
        if (diagnostics.size() > errors) {
            return null;
        }
        String entraCode = metadata(rule, "entraCode");
        String filter = metadata(rule, "filter");
        if (stage == RuleStage.SCOPING && appScoped && filter == null) {
            filter = id;
        }
        return new RuleInfo(id, stage, file.path(), line, code, entraCode == null ? code : entraCode, reason,
                metadata(rule, "fix"), stage == RuleStage.SCOPING && appScoped ? filter : null,
                "failure".equals(metadata(rule, "status")), 0);
    }

    private static String metadata(RuleDescr rule, String name) {
        AnnotationDescr annotation = rule.getAnnotation(name);
        if (annotation == null) {
            return null;
        }
        Object value = annotation.getSingleValueStripped();
        return value == null ? null : unescape(String.valueOf(value));
    }

    /** Annotation values keep the escapes of their DRL string literal; undo the usual ones. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                plain.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    private static int firstLine(int[] lines) {
        return lines == null || lines.length == 0 ? 0 : lines[0];
    }
}
