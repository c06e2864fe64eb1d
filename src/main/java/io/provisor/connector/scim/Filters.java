package io.provisor.connector.scim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.provisor.model.TargetPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * SCIM filter and path text (RFC 7644 §3.4.2.2, §3.5.2). A compared string is a JSON string: quotes,
 * backslashes and control characters are escaped, other characters (non-ASCII too) are sent as they are and
 * percent-encoded as UTF-8 in the URL.
 */
final class Filters {

    private Filters() {
    }

    /**
     * {@code <path> eq "<value>"}. A path with a value filter becomes one value filter, as the RFC's grammar
     * allows no attribute after the closing bracket: {@code emails[type eq "work"].value} and {@code x} give
     * {@code emails[type eq "work" and value eq "x"]}.
     */
    static String equality(TargetPath path, String value) {
        if (path.filterAttribute() == null) {
            return path.text() + " eq " + quote(value);
        }
        String sub = path.subAttribute() == null ? "value" : path.subAttribute();
        return qualified(path) + "[" + path.filterAttribute() + " eq " + literal(path.filterValue())
                + " and " + sub + " eq " + quote(value) + "]";
    }

    /** The path as a PATCH operation names it: {@code emails[type eq "work"].value}, {@code roles[primary eq true].value}. */
    static String patchPath(TargetPath path) {
        return element(path) + (path.subAttribute() == null ? "" : "." + path.subAttribute());
    }

    /** The multi-valued element a filtered path selects, without its sub-attribute: {@code emails[type eq "work"]}. */
    static String element(TargetPath path) {
        if (path.filterAttribute() == null) {
            return qualified(path);
        }
        return qualified(path) + "[" + path.filterAttribute() + " eq " + literal(path.filterValue()) + "]";
    }

    /** The attribute with its schema when it has one: {@code urn:...:enterprise:2.0:User:manager}. */
    static String qualified(TargetPath path) {
        return path.schema() == null ? path.attribute() : path.schema() + ":" + path.attribute();
    }

    /** A filter value as the RFC's compValue: {@code true}/{@code false} bare (mappings write {@code "True"}), else a string. */
    static String literal(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false") ? lower : quote(value);
    }

    static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    /** Percent-encodes a query parameter value or a path segment (spaces as %20, not +). */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
