package org.mysqldiscovery.health.check;

/**
 * Rise/fall smoothing of check rounds: slow to add, quick to remove. A fresh state (at start, and after every role
 * or schema change) has no history, so the first round decides at once: role changes must not wait for {@code rise}
 * rounds. Afterwards a healthy state turns unhealthy after {@code fall} consecutive failing rounds, and an unhealthy
 * one turns healthy after {@code rise} consecutive passing rounds.
 */
public record Hysteresis(int rise, int fall, Health health, int passes, int failures) {
    private static final int CAP = 1_000_000;

    public enum Health {
        /** No round seen yet for the current role. */
        FRESH,
        HEALTHY,
        UNHEALTHY
    }

    public Hysteresis {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
    }

    public static Hysteresis fresh(int rise, int fall) {
        return new Hysteresis(rise, fall, Health.FRESH, 0, 0);
    }

    public Hysteresis observe(boolean passed) {
        int p = passed ? Math.min(passes + 1, CAP) : 0;
        int f = passed ? 0 : Math.min(failures + 1, CAP);
        Health next = switch (health) {
            case FRESH -> passed ? Health.HEALTHY : Health.UNHEALTHY;
            case HEALTHY -> !passed && f >= fall ? Health.UNHEALTHY : Health.HEALTHY;
            case UNHEALTHY -> passed && p >= rise ? Health.HEALTHY : Health.UNHEALTHY;
        };
        return new Hysteresis(rise, fall, next, p, f);
    }

    public boolean healthy() {
        return health == Health.HEALTHY;
    }
}
