package io.provisor.mapping;

import io.provisor.mapping.expr.Expression;
import io.provisor.mapping.expr.ExpressionError;
import io.provisor.mapping.expr.Redacted;
import io.provisor.model.AttributeChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Computes what provisor writes to a target account from an app's mappings, with Entra's null rules:
 * a null value is never written (the target keeps its value), the default applies on create only,
 * {@code onCreate} mappings never cause an update, {@code none} mappings only fill an empty target,
 * and {@code IgnoreFlowIfNullOrEmpty} drops the attribute.
 */
public final class AttributeFlow {

    /** Shown instead of a value that {@code Redact} hides. */
    public static final String REDACTED = "[Redact]";

    /** What one mapping gave, for the explanation. {@code outcome} says whether and why it flows. */
    public record Detail(String target, String source, Object sourceValue, Object result, Object current, String outcome) {
    }

    /**
     * @param attributes what a create writes, or what an update changes, by target path (values as they flow)
     * @param changes    the same as old and new values, redacted for display
     */
    public record Result(Map<String, Object> attributes, List<AttributeChange> changes, List<Detail> details) {
    }

    private AttributeFlow() {
    }

    /** The attributes of a new account. */
    public static Result forCreate(List<AttributeMapping> mappings, SourceValues source) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<AttributeChange> changes = new ArrayList<>();
        List<Detail> details = new ArrayList<>();
        for (AttributeMapping mapping : mappings) {
            Object raw = evaluate(mapping, source);
            Object value = raw == null ? mapping.defaultIfNull() : raw;
            String outcome;
            if (raw == Expression.IGNORE) {
                outcome = "ignored: IgnoreFlowIfNullOrEmpty";
            } else if (value == null) {
                outcome = "left out: the value is null";
            } else {
                attributes.put(mapping.target().text(), plain(value));
                changes.add(new AttributeChange(mapping.target().text(), null, display(value)));
                outcome = raw == null ? "default value" : "written";
            }
            details.add(new Detail(mapping.target().text(), mapping.describeSource(), sourceValue(mapping, source),
                    display(raw), null, outcome));
        }
        return new Result(attributes, changes, details);
    }

    /** What an update of an existing account would change; {@code current} is the account as the target holds it. */
    public static Result forUpdate(List<AttributeMapping> mappings, SourceValues source, Map<String, Object> current) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<AttributeChange> changes = new ArrayList<>();
        List<Detail> details = new ArrayList<>();
        for (AttributeMapping mapping : mappings) {
            Object old = mapping.target().read(current);
            Object raw = mapping.apply() == AttributeMapping.Apply.ON_CREATE ? null : evaluate(mapping, source);
            Object value = mapping.type() == AttributeMapping.Type.NONE && isEmpty(old) ? mapping.defaultIfNull() : raw;
            String outcome;
            if (mapping.apply() == AttributeMapping.Apply.ON_CREATE) {
                outcome = "not applied: on create only";
            } else if (raw == Expression.IGNORE) {
                outcome = "ignored: IgnoreFlowIfNullOrEmpty";
            } else if (value == null) {
                outcome = "left alone: the value is null";
            } else if (same(old, plain(value))) {
                outcome = "unchanged";
            } else {
                attributes.put(mapping.target().text(), plain(value));
                changes.add(new AttributeChange(mapping.target().text(), old, display(value)));
                outcome = "changed";
            }
            details.add(new Detail(mapping.target().text(), mapping.describeSource(), sourceValue(mapping, source),
                    display(raw), old, outcome));
        }
        return new Result(attributes, changes, details);
    }

    private static Object evaluate(AttributeMapping mapping, SourceValues source) {
        return switch (mapping.type()) {
            case DIRECT -> blankToNull(source.attribute(mapping.source()));
            case CONSTANT -> mapping.constant();
            case EXPRESSION -> blankToNull(expression(mapping, source));
            case NONE -> null;
        };
    }

    private static Object expression(AttributeMapping mapping, SourceValues source) {
        try {
            return mapping.expression().evaluate(source);
        } catch (ExpressionError e) {
            throw new MappingFailed(mapping.target().text(), mapping.expression().text(), e);
        }
    }

    private static Object sourceValue(AttributeMapping mapping, SourceValues source) {
        return mapping.type() == AttributeMapping.Type.DIRECT ? source.attribute(mapping.source()) : null;
    }

    /** Entra does not provision empty values: an empty string counts as null. */
    private static Object blankToNull(Object value) {
        return value instanceof String s && s.isEmpty() ? null : value;
    }

    private static Object plain(Object value) {
        return value instanceof Redacted redacted ? redacted.value() : value;
    }

    /** The value as logs and API responses may show it. */
    static Object display(Object value) {
        if (value instanceof Redacted) {
            return REDACTED;
        }
        return value == Expression.IGNORE ? null : value;
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof String s && s.isEmpty()) || (value instanceof Collection<?> c && c.isEmpty());
    }

    /** Booleans compare in any case ("True" = true); lists as sets; everything else as text. */
    static boolean same(Object current, Object wanted) {
        if (current == null || wanted == null) {
            return current == wanted;
        }
        if (current instanceof Collection<?> a && wanted instanceof Collection<?> b) {
            return a.size() == b.size() && a.containsAll(b);
        }
        String left = String.valueOf(current);
        String right = String.valueOf(wanted);
        if (wanted instanceof Boolean || current instanceof Boolean) {
            return left.toLowerCase(Locale.ROOT).equals(right.toLowerCase(Locale.ROOT));
        }
        return Objects.equals(left, right);
    }
}
