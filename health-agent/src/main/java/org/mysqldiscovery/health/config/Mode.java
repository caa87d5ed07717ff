package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonValue;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Quoting;

/** What the agent watches: a mysqld (registers {@code mysql/<schema>/<role>/…}) or a TCP port ({@code proxysql/…}). */
public enum Mode {
    MYSQL("mysql"),
    TCP("tcp");

    private final String token;

    Mode(String token) {
        this.token = token;
    }

    @JsonValue
    public String token() {
        return token;
    }

    /** Strict parse of a token (Jackson uses the {@link JsonValue} tokens directly). */
    public static Mode fromToken(String token) {
        for (Mode mode : values()) {
            if (mode.token.equals(token)) {
                return mode;
            }
        }
        throw new FieldException("mode", Quoting.quote(token) + " is invalid: expected mysql or tcp");
    }

    @Override
    public String toString() {
        return token;
    }
}
