package io.provisor.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.connector.ObjectKind;
import io.provisor.model.TargetPath;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of a new resource from values keyed by target path: {@code name.givenName} nests under {@code name},
 * {@code emails[type eq "work"].value} becomes an element {@code {"type": "work", "value": ..., "primary": true}}
 * (the first typed element of an attribute is primary), an extension attribute goes under its schema URN, and
 * {@code schemas} lists the core schema and the extensions used. Nulls are left out; a group is created without
 * members, which are added afterwards.
 */
final class ResourceBody {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResourceBody() {
    }

    /** @throws IllegalArgumentException when a key is not a SCIM attribute path */
    static ObjectNode of(ObjectKind kind, Map<String, Object> attributes) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode schemas = body.putArray("schemas");
        Set<String> schemaUris = new LinkedHashSet<>();
        schemaUris.add(kind == ObjectKind.USER ? USER_SCHEMA : GROUP_SCHEMA);
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            TargetPath path = TargetPath.parse(entry.getKey());
            boolean ignored = entry.getValue() == null || path.text().equals("schemas")
                    || (kind == ObjectKind.GROUP && path.schema() == null && path.attribute().equals("members"));
            if (ignored) {
                continue;
            }
            ObjectNode container = body;
            if (path.schema() != null) {
                schemaUris.add(path.schema());
                container = body.has(path.schema()) ? (ObjectNode) body.get(path.schema()) : body.putObject(path.schema());
            }
            put(container, path, node(entry.getValue()));
        }
        schemaUris.forEach(schemas::add);
        return body;
    }

    /**
     * A value as JSON. Mapped values are mostly strings and booleans, made into nodes directly: the generic conversion
     * writes each value into a token buffer and reads it back, over half of building a body in a cycle's profile.
     */
    static JsonNode node(Object value) {
        if (value instanceof String text) {
            return JSON.getNodeFactory().textNode(text);
        }
        if (value instanceof Boolean bool) {
            return JSON.getNodeFactory().booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return JSON.getNodeFactory().numberNode(number);
        }
        if (value instanceof Long number) {
            return JSON.getNodeFactory().numberNode(number);
        }
        return JSON.valueToTree(value);
    }

    private static void put(ObjectNode container, TargetPath path, JsonNode value) {
        if (path.filterAttribute() == null) {
            if (path.subAttribute() == null) {
                container.set(path.attribute(), value);
            } else {
                complex(container, path.attribute()).set(path.subAttribute(), value);
            }
            return;
        }
        ArrayNode elements = container.has(path.attribute()) && container.get(path.attribute()).isArray()
                ? (ArrayNode) container.get(path.attribute()) : container.putArray(path.attribute());
        JsonNode selector = selector(path.filterValue());
        ObjectNode element = null;
        for (JsonNode candidate : elements) {
            if (selector.equals(candidate.get(path.filterAttribute()))) {
                element = (ObjectNode) candidate;
            }
        }
        if (element == null) {
            element = elements.addObject();
            element.set(path.filterAttribute(), selector);
            if (path.filterAttribute().equals("type") && elements.size() == 1) {
                element.put("primary", true);
            }
        }
        element.set(path.subAttribute() == null ? "value" : path.subAttribute(), value);
    }

    private static ObjectNode complex(ObjectNode container, String attribute) {
        JsonNode existing = container.get(attribute);
        return existing instanceof ObjectNode object ? object : container.putObject(attribute);
    }

    /** A filter value as the element holds it: {@code "True"} of {@code primary eq "True"} is the boolean true. */
    static JsonNode selector(String filterValue) {
        String literal = Filters.literal(filterValue);
        return literal.startsWith("\"") ? JSON.getNodeFactory().textNode(filterValue)
                : JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(literal));
    }
}
