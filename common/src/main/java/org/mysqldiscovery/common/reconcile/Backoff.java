package org.mysqldiscovery.common.reconcile;

/**
 * Exponential back-off between failed passes: {@code baseMillis}, twice that, … up to {@code capMillis}; a good pass
 * resets it. The {@link WorkQueue} owns the count of failures; this is only the rule.
 */
public record Backoff(long baseMillis, long capMillis) {
    /** No back-off: a failed pass is retried as soon as work is due. */
    public static final Backoff NONE = new Backoff(0, 0);

    public Backoff {
        if (baseMillis < 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException("back-off " + baseMillis + " ms up to " + capMillis + " ms is not a"
                    + " range");
        }
    }

    /** How long to wait after {@code failures} consecutive failures (0 for none). */
    public long delayMillis(int failures) {
        if (failures <= 0) {
            return 0;
        }
        return Math.min(capMillis, baseMillis << Math.min(failures - 1, 20));
    }
}
