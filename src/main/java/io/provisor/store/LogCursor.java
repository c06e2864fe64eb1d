package io.provisor.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** A keyset position in the logs: the last record of a page, as an opaque token. */
public record LogCursor(Instant activityAt, String id) {

    public String encode() {
        String plain = activityAt.toEpochMilli() + ":" + activityAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token; throws IllegalArgumentException for one this server did not give out. */
    public static LogCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 3);
            long millis = Long.parseLong(parts[0]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(millis, 1000), Integer.parseInt(parts[1]));
            return new LogCursor(at, parts[2]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("`" + token + "` is not a cursor from this server");
        }
    }
}
