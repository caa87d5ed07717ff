package org.mysqldiscovery.sync.reconcile;

/** Exponential back-off between failed passes: 100 ms, 200 ms, … up to a cap; reset by a good pass. */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private int failures;

    Backoff(long baseMillis, long capMillis) {
        this.baseMillis = baseMillis;
        this.capMillis = capMillis;
    }

    /** Records a failure and returns how long to wait before the next try. */
    long failed() {
        failures = Math.min(failures + 1, 30);
        long delay = baseMillis << Math.min(failures - 1, 20);
        return Math.min(capMillis, delay);
    }

    void succeeded() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
