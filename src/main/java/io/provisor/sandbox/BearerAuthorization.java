package io.provisor.sandbox;

import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/** Accepts {@code Authorization: Bearer <token>} with the configured token or one the token endpoint issued. */
final class BearerAuthorization implements Authorization {

    private final byte[] token;
    private final IssuedTokens issued;

    BearerAuthorization(String token, IssuedTokens issued) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.issued = issued;
    }

    @Override
    public Set<String> getClientRoles() {
        return Set.of();
    }

    @Override
    public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParameters) {
        String header = httpHeaders.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase("Authorization"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String presented = header.substring(7).trim();
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8)) || issued.accepts(presented);
    }

    @Override
    public String getRealm() {
        return "sandbox";
    }
}
