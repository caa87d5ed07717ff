package org.mysqldiscovery.common.reconcile;

import java.util.Objects;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reconcile thread of a program, as controller-runtime runs a reconciler: events only mark the
 * {@link WorkQueue}; when a pass is due the loop takes the marks and calls {@link Reconcile#reconcile}, which reads
 * the whole view, acts on it and returns when to run again at the latest ({@link Requeue}). The loop owns the marks,
 * the debounce and the back-off: a pass reports a failure ({@link #failed()}) or a success ({@link #succeeded()})
 * and the loop waits. Time-driven duties that are not passes (a grace period running out) run in
 * {@link Reconcile#duties()} before every wait. The loop never dies of a pass: whatever a pass throws goes to
 * {@link Reconcile#crashed}.
 */
public final class ReconcileLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    /** The program's part of the loop. All three run on the loop thread only. */
    public interface Reconcile {
        /** One pass over the whole view; returns when the next one is due even if nothing is marked. */
        Requeue reconcile(WorkQueue.Work work);

        /** Time-driven duties that are not a pass; returns when they are due again. */
        default Requeue duties() {
            return Requeue.NEVER;
        }

        /** A pass (or a duty) threw; returns when to try again (a failure reported here backs off too). */
        Requeue crashed(Throwable error);
    }

    /**
     * How the thread runs.
     *
     * @param threadName       the thread's name (in logs and thread dumps)
     * @param daemon           false when this thread keeps the process alive
     * @param joinMillis       how long {@link #close()} waits for a running pass (0: it does not wait)
     * @param interruptOnClose interrupt a pass blocked in I/O on close (its I/O must survive an interrupt)
     */
    public record Settings(String threadName, boolean daemon, long joinMillis, boolean interruptOnClose) {
        public Settings {
            Objects.requireNonNull(threadName, "threadName");
            if (joinMillis < 0) {
                throw new IllegalArgumentException("joinMillis " + joinMillis + " is negative");
            }
        }
    }

    private final Settings settings;
    private final WorkQueue queue;
    private final Reconcile reconcile;
    private final Ticker ticker;
    private final Lifecycle lifecycle;
    private volatile Thread thread;
    /** When the running pass started (ticker time), 0 while idle: a watchdog's view of this thread. */
    private volatile long passStartedNanos;

    public ReconcileLoop(Settings settings, WorkQueue queue, Ticker ticker, Reconcile reconcile) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.reconcile = Objects.requireNonNull(reconcile, "reconcile");
        this.lifecycle = new Lifecycle(settings.threadName());
    }

    public void start() {
        lifecycle.start();
        Thread t = new Thread(this::run, settings.threadName());
        t.setDaemon(settings.daemon());
        thread = t;
        t.start();
    }

    public State state() {
        return lifecycle.state();
    }

    /** Started, not closed, and its thread alive. */
    public boolean running() {
        Thread t = thread;
        return lifecycle.started() && t != null && t.isAlive();
    }

    public WorkQueue queue() {
        return queue;
    }

    /** Something changed: a pass after the debounce. Any thread. */
    public void mark() {
        queue.mark();
    }

    /** A pass at once (after the back-off). Any thread. */
    public void request() {
        queue.request();
    }

    /** The running pass failed: the next waits for the back-off. Returns it (ms). Loop thread. */
    public long failed() {
        return queue.failed();
    }

    /** The running pass succeeded: the back-off is over. Returns how many failures it ends. Loop thread. */
    public int succeeded() {
        return queue.succeeded();
    }

    /** Consecutive failed passes. */
    public int failures() {
        return queue.failures();
    }

    /** How long the running pass has run (ms), or -1 while idle. */
    public long busyMillis() {
        long since = passStartedNanos;
        return since == 0 ? -1 : (ticker.nanos() - since) / 1_000_000;
    }

    private boolean started() {
        return lifecycle.started();
    }

    private void run() {
        while (started()) {
            try {
                queue.dutyIn(reconcile.duties());
                if (!queue.await(this::started) || !started()) {
                    continue; // a duty is due (run at the top), or closed
                }
                WorkQueue.Work work = queue.take();
                passStartedNanos = ticker.nanos();
                try {
                    queue.requeue(reconcile.reconcile(work));
                } finally {
                    passStartedNanos = 0;
                }
            } catch (InterruptedException e) {
                if (!started()) {
                    Thread.currentThread().interrupt();
                    break;
                }
                LOG.warn("{} thread interrupted while running; carrying on", settings.threadName());
            } catch (RuntimeException | Error e) {
                // The loop itself must survive anything but a dying JVM.
                if (e instanceof VirtualMachineError vme) {
                    throw vme;
                }
                crashed(e);
            }
        }
        LOG.info("{} thread stopped", settings.threadName());
    }

    private void crashed(Throwable error) {
        try {
            queue.requeue(reconcile.crashed(error));
        } catch (RuntimeException e) {
            e.addSuppressed(error);
            LOG.error("{}: handling a failed pass failed too; retrying on the next mark", settings.threadName(), e);
        }
    }

    /** Stops the thread, waiting up to {@code joinMillis} for a running pass. Idempotent. */
    @Override
    public void close() {
        if (!lifecycle.closeStarted()) {
            return;
        }
        queue.wakeUp();
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        if (settings.interruptOnClose()) {
            t.interrupt();
        }
        if (settings.joinMillis() == 0) {
            return;
        }
        try {
            t.join(settings.joinMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
