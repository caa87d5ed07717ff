package org.mysqldiscovery.role.drain;

import org.mysqldiscovery.common.convergence.Convergence;

/**
 * How a drain's convergence wait ended.
 *
 * @param outcome     confirmed, timed out, or cancelled (the lease ended while waiting)
 * @param phase       where it stood: {@code registration} (waiting for the health agent to remove this instance's
 *                    node) or {@code syncs} (waiting for the syncs to apply)
 * @param convergence the last evaluation of the syncs, or null when the wait never got that far
 * @param detail      a sentence for humans
 * @param millis      how long the wait took
 */
public record DrainWait(Outcome outcome, String phase, Convergence convergence, String detail, long millis) {
    public enum Outcome { CONFIRMED, TIMED_OUT, CANCELLED }

    public static final String PHASE_REGISTRATION = "registration";
    public static final String PHASE_SYNCS = "syncs";
}
