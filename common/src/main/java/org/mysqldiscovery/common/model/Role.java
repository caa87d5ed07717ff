package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The role of a mysqld in its schema. Tokens are exact and lower case: look-alikes are rejected, not folded. */
public enum Role {
    PRIMARY("primary"),
    REPLICA("replica"),
    REPORTING_REPLICA("reporting-replica");

    private final String token;

    Role(String token) {
        this.token = token;
    }

    @JsonValue
    public String token() {
        return token;
    }

    public boolean isPrimary() {
        return this == PRIMARY;
    }

    /** Strict parse: exactly one of the three tokens, nothing else (no trimming, no case folding). */
    @JsonCreator
    public static Role fromToken(String token) {
        if (token != null) {
            for (Role role : values()) {
                if (role.token.equals(token)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role " + Quoting.quote(token)
                + " is invalid: expected one of primary, replica, reporting-replica");
    }

    @Override
    public String toString() {
        return token;
    }
}
