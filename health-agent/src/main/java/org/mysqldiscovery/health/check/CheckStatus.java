package org.mysqldiscovery.health.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The outcome of one check. Only {@link #PASS} and {@link #SKIPPED} allow a registration. */
public enum CheckStatus {
    /** The check ran and the server is fit in this respect. */
    PASS,
    /** The check ran and the server is not fit. */
    FAIL,
    /** The check could not run (e.g. mysqld does not answer, role unknown): not fit, as far as we know. */
    UNKNOWN,
    /** The check does not apply (not configured, or not for this role). */
    SKIPPED;

    public boolean allowsRegistration() {
        return this == PASS || this == SKIPPED;
    }

    @JsonValue
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
