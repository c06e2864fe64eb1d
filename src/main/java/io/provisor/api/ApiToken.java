package io.provisor.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token every {@code /api} request must present. It comes from {@code PROVISOR_API_TOKEN},
 * or is generated on first start and kept in the data folder, readable by its owner only.
 */
public final class ApiToken {

    static final String FILE_NAME = "api-token";
    /** The name the audit trail records for changes made with this token. */
    static final String NAME = "admin";
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public String name() {
        return NAME;
    }

    public static ApiToken of(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("an API token needs at least 16 characters");
        }
        return new ApiToken(token);
    }

    /**
     * The configured token, or the one stored under {@code dataDir}, created if missing.
     *
     * @param announce told the new token once, when one is generated
     */
    public static ApiToken load(String configured, Path dataDir, java.util.function.Consumer<String> announce) {
        if (configured != null && !configured.isBlank()) {
            return of(configured.trim());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return of(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return of(Files.readString(file, StandardCharsets.UTF_8).trim());
            }
            Files.writeString(file, token, StandardCharsets.UTF_8);
            announce.accept(token);
            return of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token at " + file, e);
        }
    }

    /** Compares in constant time, so response timing says nothing about the token. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }
}
