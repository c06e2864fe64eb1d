package io.provisor.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCIM attribute path as mappings name target attributes: {@code userName}, {@code name.givenName},
 * {@code emails[type eq "work"].value}, or an extension schema's attribute
 * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}).
 */
public record TargetPath(String text, String schema, String attribute, String filterAttribute, String filterValue,
                         String subAttribute) {

    private static final Pattern SIMPLE = Pattern.compile(
            "(?<attr>[A-Za-z][\\w$-]*)(\\[(?<fattr>[A-Za-z][\\w$-]*) eq \"(?<fval>(?:[^\"\\\\]|\\\\.)*)\"\\])?(\\.(?<sub>[A-Za-z][\\w$-]*))?");
    private static final Pattern URN = Pattern.compile("(?<schema>urn:[A-Za-z0-9:._-]+):(?<rest>[^:]+)");

    /**
     * Paths parsed before. An app has a few dozen mapping targets, and a cycle parsed them again for
     * every user (about 2 % of a cycle's CPU in the regular expressions); the cap bounds the memory a
     * stream of distinct paths (an API client's, say) could take.
     */
    private static final int CACHED_MAX = 4_096;
    private static final Map<String, TargetPath> PARSED = new ConcurrentHashMap<>();

    /** Parses a path; throws IllegalArgumentException with the reason when it is not one. */
    public static TargetPath parse(String text) {
        TargetPath known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        TargetPath parsed = parseUncached(text);
        if (PARSED.size() < CACHED_MAX) {
            PARSED.putIfAbsent(text, parsed);
        }
        return parsed;
    }

    private static TargetPath parseUncached(String text) {
        String schema = null;
        String rest = text;
        Matcher urn = URN.matcher(text);
        if (text.startsWith("urn:")) {
            if (!urn.matches()) {
                throw new IllegalArgumentException("`" + text + "` is not a schema-qualified attribute path");
            }
            schema = urn.group("schema");
            rest = urn.group("rest");
        }
        Matcher m = SIMPLE.matcher(rest);
        if (!m.matches()) {
            throw new IllegalArgumentException("`" + text + "` is not a SCIM attribute path");
        }
        String filterValue = m.group("fval") == null ? null : m.group("fval").replaceAll("\\\\(.)", "$1");
        return new TargetPath(text, schema, m.group("attr"), m.group("fattr"), filterValue, m.group("sub"));
    }

    /** Reads the value at this path from a SCIM resource (nested maps and lists), or from a flat key equal to the path. */
    public Object read(Map<String, Object> resource) {
        if (resource.containsKey(text)) {
            return resource.get(text);
        }
        Map<String, Object> container = resource;
        if (schema != null) {
            container = asMap(resource.get(schema));
            if (container == null) {
                return null;
            }
        }
        Object value = container.get(attribute);
        if (filterAttribute != null) {
            value = select(value);
        }
        if (subAttribute != null) {
            Map<String, Object> complex = asMap(value);
            return complex == null ? null : complex.get(subAttribute);
        }
        return value;
    }

    private Object select(Object values) {
        if (!(values instanceof List<?> list)) {
            return null;
        }
        for (Object item : list) {
            Map<String, Object> entry = asMap(item);
            Object value = entry == null ? null : entry.get(filterAttribute);
            boolean equal = value instanceof Boolean ? filterValue.equalsIgnoreCase(value.toString()) : filterValue.equals(String.valueOf(value));
            if (equal) {
                return entry;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
