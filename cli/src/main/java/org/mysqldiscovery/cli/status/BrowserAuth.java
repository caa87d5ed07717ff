package org.mysqldiscovery.cli.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.mysqldiscovery.common.http.BearerAuth;

/**
 * How a person logs in to the status page: a browser cannot send a bearer header by itself, so the same token is
 * also accepted as the password of HTTP Basic ({@code Authorization: Basic base64(any-user:TOKEN)}), which every
 * browser asks for on a 401 with {@code WWW-Authenticate: Basic}. The user name is ignored. Scripts keep using
 * {@code Authorization: Bearer TOKEN}. The check itself is {@link BearerAuth}'s (constant time, never echoed).
 */
public final class BrowserAuth {
    private static final String BASIC = "Basic ";
    private final BearerAuth bearer;

    public BrowserAuth(BearerAuth bearer) {
        this.bearer = bearer;
    }

    public boolean enabled() {
        return bearer.enabled();
    }

    /** Empty when the header authenticates; else why not (never echoes what was sent). */
    public Optional<String> refuse(String authorization) {
        if (!bearer.enabled()) {
            return Optional.empty();
        }
        if (authorization == null || authorization.length() < BASIC.length()
                || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return bearer.refuse(authorization).map(why -> why.replace("expected Authorization: Bearer <token>",
                    "log in with the token as password, or send Authorization: Bearer <token>"));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.of("the Basic credentials have no user:password form");
        }
        String password = decoded.substring(colon + 1);
        if (password.isEmpty()) {
            return Optional.of("wrong token");
        }
        return bearer.refuse("Bearer " + password).map(why -> "wrong token");
    }
}
