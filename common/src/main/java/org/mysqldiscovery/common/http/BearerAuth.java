package org.mysqldiscovery.common.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both sides are hashed with SHA-256 first, so the
 * comparison ({@link MessageDigest#isEqual}) takes the same time whatever the length or the first differing byte.
 * The token is never logged, echoed or audited.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest; // null: auth disabled

    private BearerAuth(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    public static BearerAuth token(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token is empty");
        }
        return new BearerAuth(sha256(token));
    }

    public static BearerAuth disabled() {
        return new BearerAuth(null);
    }

    public boolean enabled() {
        return expectedDigest != null;
    }

    /** Empty when the header authenticates; else why not (for the 401 answer: never echoes what was sent). */
    public Optional<String> refuse(String authorizationHeader) {
        if (expectedDigest == null) {
            return Optional.empty();
        }
        if (authorizationHeader == null || authorizationHeader.isEmpty()) {
            return Optional.of("missing Authorization header: expected Authorization: Bearer <token>");
        }
        if (authorizationHeader.length() < PREFIX.length()
                || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of("the Authorization header is not a bearer token: expected Authorization: Bearer <token>");
        }
        byte[] presented = sha256(authorizationHeader.substring(PREFIX.length()).strip());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            return Optional.of("wrong bearer token");
        }
        return Optional.empty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
