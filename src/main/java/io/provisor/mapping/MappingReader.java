package io.provisor.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.mapping.expr.Expression;
import io.provisor.mapping.expr.ExpressionError;
import io.provisor.model.Diagnostic;
import io.provisor.model.TargetPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Reads the {@code mappings} of app.json, reporting each problem with its JSON pointer and expression offset. */
public final class MappingReader {

    private final String file;
    private final List<Diagnostic> diagnostics;
    private final Predicate<String> knownAttribute;

    /** @param knownAttribute the source attributes a mapping may name (besides the computed ones) */
    public MappingReader(String file, List<Diagnostic> diagnostics, Predicate<String> knownAttribute) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.knownAttribute = name -> knownAttribute.test(name) || Computed.NAMES.contains(name);
    }

    public List<AttributeMapping> read(JsonNode node) {
        List<AttributeMapping> mappings = new ArrayList<>();
        if (node.isMissingNode()) {
            return mappings;
        }
        if (!node.isArray()) {
            error("/mappings", "mappings_invalid", "mappings must be a list");
            return mappings;
        }
        Set<String> targets = new HashSet<>();
        Set<Integer> precedences = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/mappings/" + i;
            AttributeMapping mapping = read(node.get(i), pointer);
            if (mapping == null) {
                continue;
            }
            if (!targets.add(mapping.target().text())) {
                error(pointer + "/target", "mapping_target_duplicate", "two mappings write `" + mapping.target() + "`");
            }
            if (mapping.isMatching() && !precedences.add(mapping.matching())) {
                error(pointer + "/matching", "matching_precedence_duplicate", "two matching attributes have precedence " + mapping.matching());
            }
            mappings.add(mapping);
        }
        return mappings;
    }

    private AttributeMapping read(JsonNode node, String pointer) {
        TargetPath target;
        try {
            target = TargetPath.parse(node.path("target").asText(""));
        } catch (IllegalArgumentException e) {
            error(pointer + "/target", "target_path_invalid", e.getMessage());
            return null;
        }
        AttributeMapping.Type type = type(node, pointer);
        if (type == null) {
            return null;
        }
        AttributeMapping.Apply apply = switch (node.path("apply").asText("always")) {
            case "always" -> AttributeMapping.Apply.ALWAYS;
            case "onCreate" -> AttributeMapping.Apply.ON_CREATE;
            default -> {
                error(pointer + "/apply", "apply_invalid", "apply is `always` or `onCreate`");
                yield null;
            }
        };
        int matching = node.path("matching").asInt(0);
        if (node.has("matching") && (!node.get("matching").canConvertToInt() || matching < 1)) {
            error(pointer + "/matching", "matching_precedence_invalid", "matching is a precedence: 1 for the attribute tried first");
            return null;
        }
        if (matching > 0 && type != AttributeMapping.Type.DIRECT) {
            error(pointer + "/matching", "matching_needs_source", "a matching attribute must map a source attribute directly");
            return null;
        }
        String source = node.path("source").asText(null);
        Expression expression = type == AttributeMapping.Type.EXPRESSION ? expression(node.path("expression").asText(), pointer) : null;
        if (apply == null || (type == AttributeMapping.Type.EXPRESSION && expression == null)) {
            return null;
        }
        if (type == AttributeMapping.Type.DIRECT && !knownAttribute.test(source)) {
            error(pointer + "/source", "attribute_unknown", "`" + source + "` is not a source attribute");
            return null;
        }
        return new AttributeMapping(target, type, source, node.path("constant").asText(null), expression,
                node.path("defaultIfNull").asText(null), apply, matching);
    }

    private AttributeMapping.Type type(JsonNode node, String pointer) {
        if ("none".equals(node.path("type").asText(null))) {
            return AttributeMapping.Type.NONE;
        }
        List<AttributeMapping.Type> given = new ArrayList<>();
        if (node.has("source")) {
            given.add(AttributeMapping.Type.DIRECT);
        }
        if (node.has("constant")) {
            given.add(AttributeMapping.Type.CONSTANT);
        }
        if (node.has("expression")) {
            given.add(AttributeMapping.Type.EXPRESSION);
        }
        if (given.size() != 1) {
            error(pointer, "mapping_kind_invalid", "a mapping has exactly one of `source`, `constant` or `expression`, or `\\\"type\\\": \\\"none\\\"`");
            return null;
        }
        return given.get(0);
    }

    private Expression expression(String text, String pointer) {
        try {
            return Expression.parse(text, knownAttribute);
        } catch (ExpressionError e) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, e.offset() + 1, e.code(),
                    e.getMessage() + " (at character " + (e.offset() + 1) + " of the expression)", pointer + "/expression"));
            return null;
        }
    }

    private void error(String pointer, String code, String message) {
        diagnostics.add(Diagnostic.jsonError(file, pointer, code, message));
    }
}
