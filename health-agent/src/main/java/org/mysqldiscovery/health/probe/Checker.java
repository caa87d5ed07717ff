package org.mysqldiscovery.health.probe;

import java.time.Instant;
import java.util.function.Consumer;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated check thread. The reconciler asks for rounds ({@link #request}); a request made while a round runs
 * is remembered (the latest one wins) and runs right after it. A slow mysqld therefore delays only the checks, never
 * the reaction to file or ZooKeeper events.
 */
public final class Checker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checker.class);

    private final RoundRunner runner;
    private final Consumer<RoundResult> onRound;
    private final Lifecycle state = new Lifecycle("checker");
    private final Object lock = new Object();
    private Request pending;
    private long seq;
    private volatile RoundResult latest;
    private volatile Instant runningSince;
    private Thread thread;

    /**
     * @param onRound called on the check thread after every round (marks the reconciler dirty)
     */
    public Checker(RoundRunner runner, Consumer<RoundResult> onRound) {
        this.runner = runner;
        this.onRound = onRound;
    }

    public void start() {
        state.start();
        thread = new Thread(this::run, "checks");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a round for {@code target}; returns at once. */
    public void request(Target target, boolean quarantined) {
        synchronized (lock) {
            pending = new Request(target, quarantined);
            lock.notifyAll();
        }
    }

    /** How long one round can take at most (ms): the round runner's bound. */
    public long roundBoundMillis() {
        return runner.boundMillis();
    }

    /** The latest completed round, or null. */
    public RoundResult latest() {
        return latest;
    }

    /** How long the running round has run (ms), or -1 when idle. */
    public long busyMillis() {
        Instant since = runningSince;
        return since == null ? -1 : java.time.Duration.between(since, Instant.now()).toMillis();
    }

    /** When the running round started, or null when idle. */
    public Instant runningSince() {
        return runningSince;
    }

    private void run() {
        while (state.started()) {
            Request request;
            long number;
            synchronized (lock) {
                while (pending == null && state.started()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!state.started()) {
                    return;
                }
                request = pending;
                pending = null;
                number = ++seq;
            }
            runningSince = Instant.now();
            try {
                RoundResult result = runner.run(number, request.target(), request.quarantined());
                latest = result;
                onRound.accept(result);
            } catch (RuntimeException e) {
                // A bug in a check must not end the checks: the round is lost, the next one runs.
                LOG.error("check round {} failed unexpectedly", number, e);
            } finally {
                runningSince = null;
            }
        }
    }

    @Override
    public void close() {
        if (!state.closeStarted()) {
            return;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread t = thread;
        t.interrupt();
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
    }

    private record Request(Target target, boolean quarantined) {
    }
}
