package org.mysqldiscovery.common.reconcile;

/** A ticker the test moves by hand. */
final class FakeTicker implements Ticker {
    static final long MS = 1_000_000L;
    private long now = 1_000 * MS; // not 0: 0 means "nothing pending" in pendingSinceNanos

    @Override
    public synchronized long nanos() {
        return now;
    }

    synchronized void setMillis(long millis) {
        now = 1_000 * MS + millis * MS;
    }

    long millis(long nanos) {
        return (nanos - 1_000 * MS) / MS;
    }
}
