package io.provisor.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An equality filter of the kind provisioning sends, over an indexed attribute: {@code userName eq "x"},
 * {@code externalId eq "x"}, {@code displayName eq "x"}, {@code emails[type eq "work" and value eq "x"]} (or Entra's
 * {@code emails[type eq "work"].value eq "x"}). The value is unescaped as the JSON string it is (RFC 7644 §3.4.2.2);
 * the SDK's own filter evaluation keeps the backslashes, so {@code userName eq "a\"b"} would match nothing there.
 *
 * @param attribute the indexed attribute, dotted for a sub-attribute ({@code emails.value})
 * @param type      the {@code type} the multi-valued element must have, or null
 * @param value     the value to equal
 */
record IndexedFilter(String attribute, String type, String value) {

    private static final String STRING = "(\"(?:[^\"\\\\]|\\\\.)*\")";
    private static final Pattern SIMPLE = Pattern.compile("\\s*([A-Za-z][\\w.]*)\\s+eq\\s+" + STRING + "\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPED_VALUE = Pattern.compile(
            "\\s*([A-Za-z]\\w*)\\[\\s*type\\s+eq\\s+" + STRING + "\\s+and\\s+value\\s+eq\\s+" + STRING + "\\s*]\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE_PATH = Pattern.compile(
            "\\s*([A-Za-z]\\w*)\\[\\s*type\\s+eq\\s+" + STRING + "\\s*]\\.value\\s+eq\\s+" + STRING + "\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The lookup this filter amounts to, if it is an equality over one of the {@code indexed} attributes. */
    static Optional<IndexedFilter> of(String filter, Collection<String> indexed) {
        if (filter == null) {
            return Optional.empty();
        }
        Matcher simple = SIMPLE.matcher(filter);
        if (simple.matches()) {
            return lookup(simple.group(1), null, simple.group(2), indexed);
        }
        for (Pattern pattern : List.of(TYPED_VALUE, VALUE_PATH)) {
            Matcher typed = pattern.matcher(filter);
            if (typed.matches()) {
                return lookup(typed.group(1) + ".value", typed.group(2), typed.group(3), indexed);
            }
        }
        return Optional.empty();
    }

    private static Optional<IndexedFilter> lookup(String attribute, String quotedType, String quotedValue,
                                                  Collection<String> indexed) {
        Optional<String> name = indexed.stream().filter(attribute::equalsIgnoreCase).findFirst();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            String type = quotedType == null ? null : JSON.readValue(quotedType, String.class);
            return Optional.of(new IndexedFilter(name.get(), type, JSON.readValue(quotedValue, String.class)));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
