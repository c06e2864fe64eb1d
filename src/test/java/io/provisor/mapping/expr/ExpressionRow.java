package io.provisor.mapping.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * One row of a table under {@code src/test/resources/expressions}: an expression, the user it runs for,
 * and the result or error expected, with a note citing where the case comes from.
 *
 * <pre>{"expression": "...", "attributes": {...}, "roles": [{"id", "value", "displayName"}],
 *  "known": [names], "taken": [values], "now": "2021-08-25T17:41:18Z", "seed": 1,
 *  "expected": value | {"redacted": value} | {"ignore": true},
 *  "error": {"code": "...", "offset": 0}, "note": "..."}</pre>
 */
record ExpressionRow(JsonNode json) {

    static final Instant DEFAULT_NOW = Instant.parse("2021-08-25T17:41:18Z");

    String expression() {
        return json.path("expression").asText();
    }

    String note() {
        return json.path("note").asText();
    }

    boolean expectsError() {
        return json.has("error");
    }

    String errorCode() {
        return json.path("error").path("code").asText();
    }

    int errorOffset() {
        return json.path("error").path("offset").asInt(-1);
    }

    /** Every name is known unless the row lists the known ones. */
    Predicate<String> knownAttributes() {
        if (!json.has("known")) {
            return name -> true;
        }
        Set<String> known = new HashSet<>();
        json.get("known").forEach(name -> known.add(name.asText()));
        return known::contains;
    }

    Expression.Context context() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        json.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), toJava(e.getValue())));
        List<Expression.AppRole> roles = new ArrayList<>();
        json.path("roles").forEach(role -> roles.add(new Expression.AppRole(text(role, "id"), text(role, "value"),
                text(role, "displayName"))));
        Set<String> taken = new HashSet<>();
        json.path("taken").forEach(value -> taken.add(value.asText()));
        Instant now = json.has("now") ? Instant.parse(json.get("now").asText()) : DEFAULT_NOW;
        return new TestContext(attributes, roles, now, new Random(json.path("seed").asLong(1)), taken);
    }

    Object expected() {
        JsonNode expected = json.get("expected");
        if (expected != null && expected.isObject() && expected.has("redacted")) {
            return new Redacted(toJava(expected.get("redacted")));
        }
        if (expected != null && expected.isObject() && expected.path("ignore").asBoolean()) {
            return Expression.IGNORE;
        }
        return toJava(expected);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** JSON as the values expressions use: whole numbers as Long, arrays as lists, objects as maps. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
        return map;
    }

    /** A context over fixed values; the test's own, not a stand-in for a boundary of ours. */
    record TestContext(Map<String, Object> attributes, List<Expression.AppRole> roles, Instant now,
                       RandomGenerator random, Set<String> taken) implements Expression.Context {

        TestContext(Map<String, Object> attributes) {
            this(attributes, List.of(), DEFAULT_NOW, new Random(1), Set.of());
        }

        @Override
        public Object attribute(String name) {
            return attributes.get(name);
        }

        @Override
        public List<Expression.AppRole> appRoleAssignments() {
            return roles;
        }

        @Override
        public boolean valueTaken(String candidate) {
            return taken.contains(candidate);
        }
    }
}
