package io.provisor.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.provisor.codec.Json;
import io.provisor.model.LogEntry;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The ways an admin may look a provisioning log record up: its source and target ids as they are, names lowercased. */
final class LogKeys {

    private LogKeys() {
    }

    /**
     * The keys of a stored record, from the identities in its document. Sealing a segment reads a thousand records
     * back, so the parser reads only the two identities and skips the rest of the document unparsed.
     */
    static Set<String> of(byte[] document) {
        LogEntry.Identity source = null;
        LogEntry.Identity target = null;
        try (JsonParser parser = Json.mapper().createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new StoreException("a stored log record is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT && "sourceIdentity".equals(field)) {
                    source = parser.readValueAs(LogEntry.Identity.class);
                } else if (value == JsonToken.START_OBJECT && "targetIdentity".equals(field)) {
                    target = parser.readValueAs(LogEntry.Identity.class);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new StoreException("a stored log record is not JSON: " + e.getMessage(), e);
        }
        return of(source, target);
    }

    /** The forms a search for {@code q} looks for: as given, and lowercased for the names. */
    static Set<String> forms(String q) {
        String trimmed = q.trim();
        return new LinkedHashSet<>(List.of(trimmed, trimmed.toLowerCase(Locale.ROOT)));
    }

    private static Set<String> of(LogEntry.Identity source, LogEntry.Identity target) {
        Set<String> keys = new LinkedHashSet<>();
        for (LogEntry.Identity identity : new LogEntry.Identity[] {source, target}) {
            if (identity != null) {
                add(keys, identity.id(), false);
                add(keys, identity.displayName(), true);
                add(keys, identity.userPrincipalName(), true);
            }
        }
        return keys;
    }

    private static void add(Set<String> keys, String value, boolean lowercase) {
        if (value != null && !value.isBlank() && value.length() <= 1024) {
            keys.add(lowercase ? value.toLowerCase(Locale.ROOT) : value);
        }
    }
}
