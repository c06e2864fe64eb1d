package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.model.AttributeChange;
import io.provisor.model.TargetPath;
import java.util.List;
import java.util.Locale;

/**
 * PATCH bodies (RFC 7644 §3.5.2), one operation per changed attribute:
 * <ul>
 * <li>a new value where the target held none: {@code add}; for a filtered path in RFC mode the whole element
 * ({@code {"op":"add","path":"emails","value":[{"type":"work","value":"x"}]}}), because a {@code replace} whose
 * filter matches nothing is a 400 {@code noTarget} (§3.5.2.3);</li>
 * <li>a changed value: {@code replace} at the path;</li>
 * <li>a null value: {@code remove}; a filtered {@code .value} path removes the whole element, as an email
 * without its value means nothing.</li>
 * </ul>
 * {@link Compatibility#ENTRA_LEGACY} sends Entra's legacy shapes instead: capitalised {@code op}, booleans as
 * {@code "True"}/{@code "False"}, {@code Add} at the filtered path, member removal with a value list.
 */
final class PatchOperations {

    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PatchOperations() {
    }

    /** @throws IllegalArgumentException when a change's name is not a SCIM attribute path */
    static ObjectNode forChanges(List<AttributeChange> changes, Compatibility compatibility) {
        ObjectNode body = body();
        ArrayNode operations = body.withArray("Operations");
        for (AttributeChange change : changes) {
            TargetPath path = TargetPath.parse(change.name());
            boolean legacy = compatibility == Compatibility.ENTRA_LEGACY;
            if (change.newValue() == null) {
                boolean wholeElement = path.filterAttribute() != null && (path.subAttribute() == null || path.subAttribute().equals("value"));
                operation(operations, "remove", legacy).put("path", wholeElement ? Filters.element(path) : Filters.patchPath(path));
            } else if (change.oldValue() == null && path.filterAttribute() != null && !legacy) {
                ObjectNode element = JSON.createObjectNode();
                element.set(path.filterAttribute(), ResourceBody.selector(path.filterValue()));
                element.set(path.subAttribute() == null ? "value" : path.subAttribute(), value(path, change.newValue(), false));
                operation(operations, "add", false).put("path", Filters.qualified(path)).putArray("value").add(element);
            } else {
                operation(operations, change.oldValue() == null ? "add" : "replace", legacy)
                        .put("path", Filters.patchPath(path)).set("value", value(path, change.newValue(), legacy));
            }
        }
        return body;
    }

    /** Adds members: {@code {"op":"add","path":"members","value":[{"value":"id"}, ...]}}. */
    static ObjectNode addMembers(List<String> ids, Compatibility compatibility) {
        ObjectNode body = body();
        ArrayNode members = operation(body.withArray("Operations"), "add", compatibility == Compatibility.ENTRA_LEGACY)
                .put("path", "members").putArray("value");
        ids.forEach(id -> members.addObject().put("value", id));
        return body;
    }

    /** Removes members: one {@code members[value eq "id"]} operation each, or Entra's legacy value list. */
    static ObjectNode removeMembers(List<String> ids, Compatibility compatibility) {
        ObjectNode body = body();
        ArrayNode operations = body.withArray("Operations");
        if (compatibility == Compatibility.ENTRA_LEGACY) {
            ArrayNode members = operation(operations, "remove", true).put("path", "members").putArray("value");
            ids.forEach(id -> members.addObject().put("value", id));
        } else {
            ids.forEach(id -> operation(operations, "remove", false).put("path", "members[value eq " + Filters.quote(id) + "]"));
        }
        return body;
    }

    private static ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(PATCH_SCHEMA);
        body.putArray("Operations");
        return body;
    }

    private static ObjectNode operation(ArrayNode operations, String op, boolean legacy) {
        return operations.addObject().put("op", legacy ? Character.toUpperCase(op.charAt(0)) + op.substring(1) : op);
    }

    /**
     * The value as sent. RFC mode sends {@code active} as a boolean even when the mapping gave text; legacy mode
     * sends every boolean as {@code "True"}/{@code "False"}.
     */
    private static JsonNode value(TargetPath path, Object value, boolean legacy) {
        if (legacy && value instanceof Boolean bool) {
            return JSON.getNodeFactory().textNode(bool ? "True" : "False");
        }
        if (!legacy && value instanceof String text && path.schema() == null && path.attribute().equals("active")) {
            String lower = text.strip().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return JSON.getNodeFactory().booleanNode(lower.equals("true"));
            }
        }
        return JSON.valueToTree(value);
    }
}
