package org.mysqldiscovery.health.check;

import java.time.Instant;

/**
 * Whether a round fences: a quarantined server that is writable gets {@code read_only} (and {@code super_read_only}
 * first where the server has it), when the config allows. Pure: the round's edge carries out a {@link Fence}.
 */
public final class FenceRule {
    private FenceRule() {
    }

    /** What the rule decided. */
    public sealed interface Decision permits Settled, Fence {
    }

    /** Nothing to write: the outcome is final. */
    public record Settled(FencingOutcome.Action action, String message) implements Decision {
    }

    /** Write {@code read_only=ON} now ({@code super_read_only=ON} first when the server has it). */
    public record Fence(boolean superReadOnly) implements Decision {
        /** What the write sets, for the log and {@code /health}. */
        public String what() {
            return superReadOnly ? "super_read_only=ON and read_only=ON" : "read_only=ON";
        }
    }

    public static Decision decide(boolean quarantined, Observation seen, boolean fencingEnabled) {
        if (!quarantined) {
            return new Settled(FencingOutcome.Action.NOT_NEEDED, "not quarantined");
        }
        if (!seen.answered() || seen.readOnly() == null) {
            return new Settled(FencingOutcome.Action.UNKNOWN, "quarantined, but read_only cannot be read: "
                    + (!seen.answered() ? seen.down() : seen.variablesError()));
        }
        if (!CheckRules.fencingNeeded(true, seen.readOnly())) {
            return new Settled(FencingOutcome.Action.ALREADY_READ_ONLY, "quarantined and read_only=ON");
        }
        if (!fencingEnabled) {
            return new Settled(FencingOutcome.Action.DISABLED,
                    "quarantined and WRITABLE, but fencing is disabled (fencing.enabled: false)");
        }
        return new Fence(seen.hasSuperReadOnly());
    }

    /** A settled decision as the round's outcome at {@code at}. */
    public static FencingOutcome outcome(Settled settled, Instant at) {
        return new FencingOutcome(settled.action(), settled.message(), at);
    }
}
