package org.mysqldiscovery.common.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * How callers authenticate (config key {@code auth}): either {@code {tokenFile: PATH}} (a bearer token, read from a
 * file) or the explicit word {@code none}. There is no default: an agent that can move a primary must not become
 * open by omission.
 */
public final class AuthSettings {
    /** RFC 6750 token characters; also keeps the token safe inside the curl config line the hooks build. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,512}");
    private static final AuthSettings NONE = new AuthSettings(null);

    private final SecretFile tokenFile;

    private AuthSettings(SecretFile tokenFile) {
        this.tokenFile = tokenFile;
    }

    /** {@code auth: none}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AuthSettings fromWord(String word) {
        if ("none".equals(word)) {
            return NONE;
        }
        throw new FieldException("auth", "must be the word none or a mapping with tokenFile, not "
                + org.mysqldiscovery.common.model.Quoting.quote(word));
    }

    /** {@code auth: {tokenFile: PATH}}. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static AuthSettings withTokenFile(@JsonProperty("tokenFile") SecretFile tokenFile) {
        if (tokenFile == null) {
            throw new FieldException("tokenFile", "is required (or write auth: none to run without a token)");
        }
        if (!TOKEN.matcher(tokenFile.value()).matches()) {
            throw new FieldException("tokenFile", "the token in " + tokenFile.path()
                    + " must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -");
        }
        return new AuthSettings(tokenFile);
    }

    public static AuthSettings none() {
        return NONE;
    }

    /** The token file, or empty for {@code auth: none}. */
    public Optional<SecretFile> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    public boolean disabled() {
        return tokenFile == null;
    }

    @Override
    public String toString() {
        return tokenFile == null ? "auth: none" : "auth: token from " + tokenFile.path();
    }
}
