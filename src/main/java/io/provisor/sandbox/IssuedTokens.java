package io.provisor.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Access tokens the token endpoint issued, each accepted until it expires or is revoked. */
final class IssuedTokens {

    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger issued = new AtomicInteger();
    private final Clock clock = Clock.systemUTC();

    String issue(Duration lifetime) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, clock.instant().plus(lifetime));
        issued.incrementAndGet();
        expiries.values().removeIf(expiry -> expiry.isBefore(clock.instant()));
        return token;
    }

    boolean accepts(String token) {
        Instant expiry = expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    void revokeAll() {
        expiries.clear();
    }

    int issuedCount() {
        return issued.get();
    }
}
