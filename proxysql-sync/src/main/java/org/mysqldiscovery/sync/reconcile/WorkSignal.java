package org.mysqldiscovery.sync.reconcile;

/**
 * "Something changed": set by ZooKeeper events, consumed by the reconcile thread. Marks are cheap and never block
 * the caller (they arrive on Curator's threads). Remembers the first and the last mark of a burst for debouncing.
 */
public final class WorkSignal {
    private long firstMarkNanos;
    private long lastMarkNanos;
    private boolean dirty;
    private boolean fullPass;
    private long marks;

    public synchronized void mark() {
        long now = System.nanoTime();
        if (!dirty) {
            dirty = true;
            firstMarkNanos = now;
        }
        lastMarkNanos = now;
        marks++;
        notifyAll();
    }

    /** Asks for a full pass (re-read ProxySQL too) as soon as possible. */
    public synchronized void requestFullPass() {
        fullPass = true;
        notifyAll();
    }

    public synchronized long marks() {
        return marks;
    }

    /** System.nanoTime of the first mark not taken yet, 0 when nothing is marked (metrics read it). */
    public synchronized long pendingSinceNanos() {
        return dirty ? firstMarkNanos : 0;
    }

    synchronized boolean dirty() {
        return dirty;
    }

    synchronized boolean fullPassRequested() {
        return fullPass;
    }

    /**
     * Waits until there is work due, or {@code untilNanos} (absolute, System.nanoTime) passes.
     *
     * @param debounceNanos    quiet period after the last mark
     * @param debounceMaxNanos longest wait after the first mark of a burst
     * @param notBeforeNanos   no work before this moment (back-off after failures), 0 for none
     * @param untilNanos       give up at this moment (absolute), or {@link Long#MAX_VALUE} for never
     * @return true when a mark or full-pass request is due, false on timeout
     */
    synchronized boolean awaitWork(long debounceNanos, long debounceMaxNanos, long notBeforeNanos, long untilNanos)
            throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long due = Long.MAX_VALUE;
            if (fullPass) {
                due = now;
            }
            if (dirty) {
                due = Math.min(due, Math.min(lastMarkNanos + debounceNanos, firstMarkNanos + debounceMaxNanos));
            }
            if (due != Long.MAX_VALUE && notBeforeNanos != 0 && due - notBeforeNanos < 0) {
                due = notBeforeNanos; // backing off after a failure
            }
            long wake = due == Long.MAX_VALUE || (untilNanos != Long.MAX_VALUE && untilNanos - due < 0) ? untilNanos
                    : due;
            if (wake != Long.MAX_VALUE && wake - now <= 0) {
                return wake == due;
            }
            if (wake == Long.MAX_VALUE) {
                wait(); // nothing due and no deadline: a mark or a full-pass request wakes us
            } else {
                wait(Math.max(1, (wake - now + 999_999) / 1_000_000));
            }
        }
    }

    /** Clears the marks: the pass about to run sees everything marked so far. */
    synchronized Taken take() {
        Taken taken = new Taken(dirty, fullPass, dirty ? firstMarkNanos : 0);
        dirty = false;
        fullPass = false;
        return taken;
    }

    /** @param firstMarkNanos System.nanoTime of the first mark taken, 0 when none */
    record Taken(boolean dirty, boolean fullPass, long firstMarkNanos) {
    }
}
