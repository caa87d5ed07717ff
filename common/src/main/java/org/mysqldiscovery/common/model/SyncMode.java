package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Quoting;

/**
 * A sync's mode: {@code apply} writes ProxySQL; {@code dry-run} plans and logs, never writes. The sync's config
 * ({@code mode:}) and its status node ({@link SyncStatus#mode()}) spell it with the same tokens.
 */
public enum SyncMode {
    APPLY("apply"),
    DRY_RUN("dry-run");

    private final String token;

    SyncMode(String token) {
        this.token = token;
    }

    @JsonValue
    public String token() {
        return token;
    }

    @JsonCreator
    public static SyncMode fromToken(String token) {
        for (SyncMode mode : values()) {
            if (mode.token.equals(token)) {
                return mode;
            }
        }
        throw new FieldException("mode", Quoting.quote(token) + " is not one of apply, dry-run");
    }
}
