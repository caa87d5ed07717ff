package org.mysqldiscovery.common.reconcile;

import java.time.Duration;

/**
 * What a pass asks of the loop besides the marks, as controller-runtime's {@code reconcile.Result.RequeueAfter}:
 * run again after {@code afterNanos} even if nothing is marked, or {@link #NEVER} (only marks wake it). Failures are
 * not a requeue: the pass reports them ({@link ReconcileLoop#failed()}) and the loop owns the back-off.
 */
public record Requeue(long afterNanos) {
    /** Only a mark or a request runs the next pass. */
    public static final Requeue NEVER = new Requeue(Long.MAX_VALUE);

    public Requeue {
        if (afterNanos < 0) {
            afterNanos = 0; // overdue: at once
        }
    }

    public static Requeue afterMillis(long millis) {
        return millis >= Long.MAX_VALUE / 1_000_000L ? NEVER : new Requeue(Math.max(0, millis) * 1_000_000L);
    }

    public static Requeue afterNanos(long nanos) {
        return new Requeue(nanos);
    }

    public static Requeue after(Duration delay) {
        return afterMillis(delay.toMillis());
    }

    public boolean never() {
        return afterNanos == Long.MAX_VALUE;
    }

    /** The earlier of the two. */
    public Requeue orSooner(Requeue other) {
        return other.afterNanos < afterNanos ? other : this;
    }
}
