package org.mysqldiscovery.common.reconcile;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The schedule of one {@link ReconcileLoop}: the dirty marks, the requests for a pass at once, the pass's own
 * requeue, the back-off after failures and the next time-driven duty. Marks and requests are cheap and never block
 * (they arrive on ZooKeeper's and the file watch's threads); everything else is the loop thread's. All time is read
 * from the {@link Ticker}, so the schedule is tested with a fake one, no thread and no sleep.
 *
 * <p>When a pass is due: at once after a {@link #request()}; {@code debounce.quiet} after the last mark of a burst
 * but at most {@code debounce.max} after its first; when the pass's {@link Requeue} runs out; and never before the
 * back-off of the failures so far has run out.
 */
public final class WorkQueue {
    /** No deadline. */
    public static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_COUNTED_FAILURES = 30;

    private final long quietNanos;
    private final long maxNanos;
    private final Backoff backoff;
    private final Ticker ticker;

    private boolean marked;
    private long firstMarkNanos;
    private long lastMarkNanos;
    private boolean requested;
    private long marks;
    private long requeueAtNanos = NEVER;
    private long dutyAtNanos = NEVER;
    private int failures;
    private long notBeforeNanos;

    public WorkQueue(Debounce debounce, Backoff backoff, Ticker ticker) {
        this.quietNanos = debounce.quietMillis() * 1_000_000L;
        this.maxNanos = debounce.maxMillis() * 1_000_000L;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** What a pass takes from the queue. {@code firstMarkNanos} is the first mark's time, 0 when none was marked. */
    public record Work(boolean marked, boolean requested, long firstMarkNanos) {
    }

    /** Something changed: a pass is due after the debounce. Any thread. */
    public synchronized void mark() {
        long now = ticker.nanos();
        if (!marked) {
            marked = true;
            firstMarkNanos = now;
        }
        lastMarkNanos = now;
        marks++;
        notifyAll();
    }

    /** A pass is due at once (still after the back-off). Any thread. */
    public synchronized void request() {
        requested = true;
        notifyAll();
    }

    /** Marks so far. */
    public synchronized long marks() {
        return marks;
    }

    /** The first mark not taken yet (ticker time), 0 when nothing is marked: metrics read it. */
    public synchronized long pendingSinceNanos() {
        return marked ? firstMarkNanos : 0;
    }

    public synchronized boolean marked() {
        return marked;
    }

    public synchronized boolean requested() {
        return requested;
    }

    /** Consecutive failed passes. */
    public synchronized int failures() {
        return failures;
    }

    /** When the next pass is due (ticker time), {@link #NEVER} when nothing asks for one. */
    public synchronized long dueAtNanos() {
        return dueAt(ticker.nanos());
    }

    /** Whether a pass is due now. */
    public synchronized boolean due() {
        long now = ticker.nanos();
        long due = dueAt(now);
        return due != NEVER && due - now <= 0;
    }

    private long dueAt(long now) {
        long due = NEVER;
        if (requested) {
            due = now;
        }
        if (marked) {
            due = earlier(due, earlier(lastMarkNanos + quietNanos, firstMarkNanos + maxNanos));
        }
        due = earlier(due, requeueAtNanos);
        if (due != NEVER && failures > 0 && due - notBeforeNanos < 0) {
            due = notBeforeNanos; // backing off after a failure
        }
        return due;
    }

    private static long earlier(long a, long b) {
        if (a == NEVER) {
            return b;
        }
        if (b == NEVER) {
            return a;
        }
        return a - b <= 0 ? a : b;
    }

    /** Takes the marks and requests: the pass about to run sees everything marked so far. Clears the requeue. */
    public synchronized Work take() {
        Work work = new Work(marked, requested, marked ? firstMarkNanos : 0);
        marked = false;
        requested = false;
        requeueAtNanos = NEVER;
        return work;
    }

    /** The pass's own requeue: due again after it even with nothing marked. */
    public synchronized void requeue(Requeue requeue) {
        requeueAtNanos = requeue.never() ? NEVER : ticker.nanos() + requeue.afterNanos();
    }

    /** The next time-driven duty that is not a pass (a grace period running out): the loop wakes for it. */
    public synchronized void dutyIn(Requeue in) {
        dutyAtNanos = in.never() ? NEVER : ticker.nanos() + in.afterNanos();
    }

    /** A pass failed: no pass before the back-off has run out. Returns that back-off (ms). */
    public synchronized long failed() {
        failures = Math.min(failures + 1, MAX_COUNTED_FAILURES);
        long delay = backoff.delayMillis(failures);
        notBeforeNanos = ticker.nanos() + delay * 1_000_000L;
        return delay;
    }

    /** A pass succeeded: the back-off is over. Returns how many failures it ends. */
    public synchronized int succeeded() {
        int ended = failures;
        failures = 0;
        notBeforeNanos = 0;
        return ended;
    }

    /**
     * Waits until a pass or a duty is due, or {@code running} turns false (call {@link #wakeUp()} after changing
     * it). Returns true when a pass is due, false for a duty or a stop.
     */
    synchronized boolean await(BooleanSupplier running) throws InterruptedException {
        while (running.getAsBoolean()) {
            long now = ticker.nanos();
            long due = dueAt(now);
            if (due != NEVER && due - now <= 0) {
                return true;
            }
            if (dutyAtNanos != NEVER && dutyAtNanos - now <= 0) {
                return false;
            }
            long wake = earlier(due, dutyAtNanos);
            if (wake == NEVER) {
                wait(); // nothing due and no duty: a mark, a request or a stop wakes us
            } else {
                wait(Math.max(1, (wake - now + 999_999) / 1_000_000));
            }
        }
        return false;
    }

    /** Wakes the waiting loop (it re-checks whether it still runs). */
    synchronized void wakeUp() {
        notifyAll();
    }
}
