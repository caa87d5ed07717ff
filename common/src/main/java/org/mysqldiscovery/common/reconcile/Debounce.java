package org.mysqldiscovery.common.reconcile;

/**
 * How long marks wait before a pass: {@code quietMillis} after the last mark of a burst, but at most
 * {@code maxMillis} after its first (a steady stream of marks still gets passes).
 */
public record Debounce(long quietMillis, long maxMillis) {
    /** Every mark is due at once. */
    public static final Debounce NONE = new Debounce(0, 0);

    public Debounce {
        if (quietMillis < 0 || maxMillis < 0) {
            throw new IllegalArgumentException("debounce " + quietMillis + "/" + maxMillis + " ms is negative");
        }
    }
}
