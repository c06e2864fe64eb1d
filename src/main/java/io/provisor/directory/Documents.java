package io.provisor.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.FactReader;
import io.provisor.codec.StoredUserReader;
import io.provisor.codec.Json;
import io.provisor.rules.facts.Deletion;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.User;
import io.provisor.store.Rows.GroupRow;
import io.provisor.store.Rows.UserRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Directory objects as stored: the Graph-shaped JSON with its keys sorted (so the same object always
 * hashes the same), without the properties the store keeps elsewhere (deletion, members).
 */
final class Documents {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");
    static final int MAX_DOCUMENT_CHARS = 64 * 1024;

    private Documents() {
    }

    /** Checks an object id: 1-64 letters, digits and {@code . _ : @ -}. */
    static String checkId(String id, String pointer) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInput(pointer, "an id is 1-64 letters, digits or `._:@-`, starting with a letter or digit");
        }
        return id;
    }

    /** Validates a Graph user and returns its stored row. */
    static UserRow userRow(JsonNode node, String pointer) {
        FactReader reader = new FactReader();
        User user = reader.user(node, pointer);
        reader.throwIfAny();
        checkId(user.id(), pointer + "/id");
        String document = canonical(strip(node, "deletedDateTime", "deleted", "memberOf", "appRoleAssignments"), pointer);
        return new UserRow(user.id(), user.userPrincipalName(), user.mail(), user.displayName(), user.employeeId(), null,
                document, hash(document));
    }

    /** Validates a Graph group (members are stored apart) and returns its stored row. */
    static GroupRow groupRow(JsonNode node, String pointer) {
        FactReader reader = new FactReader();
        Group group = reader.group(node, pointer);
        reader.throwIfAny();
        checkId(group.id(), pointer + "/id");
        String document = canonical(strip(node, "members", "deletedDateTime"), pointer);
        return new GroupRow(group.id(), group.displayName(), group.mail(), group.mailNickname(), group.securityEnabled(),
                null, document, hash(document));
    }

    static User user(UserRow row) {
        User user = StoredUserReader.read(row.document());
        if (row.deletedAt() == null) {
            return user;
        }
        return new User(user.id(), user.userPrincipalName(), user.mail(), user.mailNickname(), user.displayName(),
                user.givenName(), user.surname(), user.department(), user.jobTitle(), user.companyName(), user.country(),
                user.city(), user.state(), user.employeeId(), user.employeeType(), user.userType(), user.accountEnabled(),
                Deletion.SOFT, user.manager(), user.extensionAttributes());
    }

    static Group group(GroupRow row, java.util.List<String> members) {
        Group group = new FactReader().group(parse(row.document()), "");
        return new Group(group.id(), group.displayName(), group.mail(), group.mailNickname(), group.securityEnabled(), members);
    }

    /** The stored document with the deletion time, as the API shows it. */
    static JsonNode view(String document, Instant deletedAt) {
        ObjectNode node = (ObjectNode) parse(document);
        if (deletedAt != null) {
            node.put("deletedDateTime", deletedAt.toString());
        }
        return node;
    }

    static JsonNode parse(String document) {
        try {
            return Json.mapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored document is always valid JSON", e);
        }
    }

    /**
     * The object without the given top-level fields. A shallow copy: nothing below the top level is changed,
     * and a deep copy cost a group's import a copy of every member it lists (up to ~50,000) only to drop them.
     */
    private static JsonNode strip(JsonNode node, String... fields) {
        java.util.List<String> stripped = java.util.List.of(fields);
        ObjectNode copy = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!stripped.contains(field.getKey())) {
                copy.set(field.getKey(), field.getValue());
            }
        }
        return copy;
    }

    private static String canonical(JsonNode node, String pointer) {
        try {
            String text = Json.mapper().writeValueAsString(sorted(node));
            if (text.length() > MAX_DOCUMENT_CHARS) {
                throw new BadInput(pointer, "the object is larger than " + MAX_DOCUMENT_CHARS + " characters");
            }
            return text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), sorted(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            node.forEach(item -> list.add(sorted(item)));
            return list;
        }
        return node;
    }

    static String hash(String document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
