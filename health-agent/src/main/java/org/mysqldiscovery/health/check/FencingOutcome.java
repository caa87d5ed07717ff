package org.mysqldiscovery.health.check;

import java.time.Instant;

/**
 * What fencing did in one round.
 *
 * @param action  what happened
 * @param message details for {@code /health}
 * @param at      when (the round's time)
 */
public record FencingOutcome(Action action, String message, Instant at) {
    public enum Action {
        /** Not quarantined, or not in mysql mode. */
        NOT_NEEDED,
        /** Quarantined and already read-only. */
        ALREADY_READ_ONLY,
        /** Quarantined and writable: read_only was set. */
        FENCED,
        /** Quarantined and writable, but setting read_only failed. */
        FAILED,
        /** Quarantined and writable, but fencing is disabled in the config. */
        DISABLED,
        /** Quarantined, but mysqld could not be asked. */
        UNKNOWN
    }

    public static FencingOutcome notNeeded(Instant at) {
        return new FencingOutcome(Action.NOT_NEEDED, "not quarantined", at);
    }
}
