package io.provisor.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.provisor.rules.facts.Deletion;
import io.provisor.rules.facts.User;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads a user document the store wrote (validated when it was imported) straight from the parser's
 * tokens, without building a tree: a preview reads hundreds of thousands of them. It gives the same
 * {@link User} as {@link FactReader#user}, because it reads only the plain shapes (text, null, a boolean
 * {@code accountEnabled}, text extension attributes) and hands any other document to FactReader whole.
 * A stored document has no repeated keys (the store writes it from a tree).
 */
public final class StoredUserReader {

    /** The text fields of {@link User}, in the order of its constructor (manager last). */
    private static final List<String> TEXT_FIELDS = List.of("id", "userPrincipalName", "mail", "mailNickname", "displayName",
            "givenName", "surname", "department", "jobTitle", "companyName", "country", "city", "state", "employeeId",
            "employeeType", "userType", "manager");
    private static final Map<String, Integer> TEXT_INDEX = IntStream.range(0, TEXT_FIELDS.size()).boxed()
            .collect(Collectors.toUnmodifiableMap(TEXT_FIELDS::get, i -> i));

    private StoredUserReader() {
    }

    public static User read(String document) {
        try (JsonParser parser = Json.mapper().createParser(document)) {
            User user = plain(parser);
            return user != null ? user : new FactReader().user(Json.mapper().readTree(document), "");
        } catch (IOException e) {
            throw new IllegalStateException("a stored document is always valid JSON", e);
        }
    }

    /** The user, or null when the document has a shape only FactReader reads. */
    private static User plain(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String[] text = new String[TEXT_FIELDS.size()];
        Map<String, Object> extensions = new HashMap<>(); // top-level extension_* first, FactReader's order of precedence
        Map<String, Object> onPremises = new HashMap<>();
        Map<String, Object> attributes = new HashMap<>();
        Boolean enabled = null;
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            Integer index = TEXT_INDEX.get(field);
            if (index != null) {
                if (value == JsonToken.VALUE_STRING) {
                    text[index] = parser.getText();
                } else if (value != JsonToken.VALUE_NULL) {
                    return null;
                } else {
                    text[index] = null;
                }
            } else if (field.equals("accountEnabled")) {
                if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                    return null;
                }
                enabled = value == JsonToken.VALUE_NULL ? null : value == JsonToken.VALUE_TRUE;
            } else if (field.startsWith("extension_")) {
                if (value != JsonToken.VALUE_STRING) {
                    return null;
                }
                extensions.put(field, parser.getText());
            } else if (field.equals("onPremisesExtensionAttributes") || field.equals("extensionAttributes")) {
                boolean onPremisesField = field.equals("onPremisesExtensionAttributes");
                if (!textObject(parser, value, onPremisesField ? onPremises : attributes, onPremisesField)) {
                    return null;
                }
            } else if ((field.equals("deleted") || field.equals("deletedDateTime")) && value != JsonToken.VALUE_NULL) {
                return null;
            } else {
                parser.skipChildren(); // a property no fact reads
            }
        }
        extensions.putAll(onPremises);
        extensions.putAll(attributes);
        return new User(text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7], text[8], text[9], text[10],
                text[11], text[12], text[13], text[14], text[15], enabled, Deletion.NONE, text[16], extensions);
    }

    /**
     * An object of text values into {@code into}; false for any other shape. Nulls are left out of
     * on-premises attributes, as FactReader does; elsewhere a null is FactReader's to read.
     */
    private static boolean textObject(JsonParser parser, JsonToken value, Map<String, Object> into, boolean nullsLeftOut)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return false;
        }
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken item = parser.nextToken();
            if (item == JsonToken.VALUE_STRING) {
                into.put(name, parser.getText());
            } else if (item == JsonToken.VALUE_NULL && nullsLeftOut) {
                into.remove(name);
            } else {
                return false;
            }
        }
        return true;
    }
}
