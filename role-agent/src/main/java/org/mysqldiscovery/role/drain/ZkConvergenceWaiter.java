package org.mysqldiscovery.role.drain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.convergence.Convergence;
import org.mysqldiscovery.common.convergence.ConvergenceRules;
import org.mysqldiscovery.common.convergence.SyncObservation;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * The drain's convergence wait, against ZooKeeper:
 * <ol>
 * <li>wait until this instance's registration {@code mysql/<schema>/primary/<self>} is gone (the health agent saw
 * the lease and deleted it);</li>
 * <li>read Z, the {@code pzxid} of its parent (the zxid of the parent's last child change, at least the deletion's
 * zxid); if the parent is gone too (a container node removed), the nearest existing ancestor's pzxid, which is
 * later still;</li>
 * <li>wait until every {@code sync/} node reports {@code appliedZxid >= Z} (rules: {@link ConvergenceRules}).</li>
 * </ol>
 * Level-triggered: each watch event only wakes the loop, which re-reads everything. The loop runs on its own thread
 * so that a ZooKeeper call stuck in Curator's retries cannot hold the answer past the deadline.
 */
public final class ZkConvergenceWaiter implements ConvergenceWaiter {
    /** Pause after a failed read before the next attempt (ZooKeeper unreachable): short, the deadline is near. */
    private static final long RETRY_PAUSE_MILLIS = 20;

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final ExecutorService executor;
    private final Clock clock;

    public ZkConvergenceWaiter(CuratorFramework client, ZkLayout layout, ExecutorService executor, Clock clock) {
        this.client = client;
        this.layout = layout;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public DrainWait await(SchemaName schema, Instance self, Instant deadline, BooleanSupplier stillDraining) {
        long started = System.nanoTime();
        Progress progress = new Progress();
        Future<DrainWait> wait;
        try {
            wait = executor.submit(() -> run(schema, self, deadline, stillDraining, progress, started));
        } catch (RejectedExecutionException e) {
            return new DrainWait(DrainWait.Outcome.CANCELLED, DrainWait.PHASE_REGISTRATION, null,
                    "the agent is shutting down", 0);
        }
        long remaining = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
        try {
            // A little slack past the deadline: the loop answers TIMED_OUT itself when it is not stuck.
            return wait.get(remaining + 50, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            wait.cancel(true);
            return progress.timedOut("ZooKeeper did not answer in time (" + progress.lastError.get() + ")",
                    elapsed(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return progress.timedOut("the wait failed: " + cause, elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            wait.cancel(true);
            return progress.timedOut("interrupted", elapsed(started));
        }
    }

    /** What the loop has seen so far, for an answer on timeout. */
    private static final class Progress {
        final AtomicReference<String> phase = new AtomicReference<>(DrainWait.PHASE_REGISTRATION);
        final AtomicReference<Convergence> convergence = new AtomicReference<>();
        final AtomicReference<String> lastError = new AtomicReference<>("no error");

        DrainWait timedOut(String detail, long millis) {
            return new DrainWait(DrainWait.Outcome.TIMED_OUT, phase.get(), convergence.get(), detail, millis);
        }
    }

    private DrainWait run(SchemaName schema, Instance self, Instant deadline, BooleanSupplier stillDraining,
            Progress progress, long started) throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        Watcher wake = event -> changed.release();
        String registration = layout.registrationPath(schema, Role.PRIMARY, self);
        // Phase 1: the registration must be gone.
        while (true) {
            if (!stillDraining.getAsBoolean()) {
                return cancelled(progress, started);
            }
            changed.drainPermits();
            try {
                Stat stat = client.checkExists().usingWatcher(wake).forPath(registration);
                if (stat == null) {
                    break;
                }
                progress.lastError.set("no error");
            } catch (Exception e) {
                progress.lastError.set(describe(e));
                rethrowInterrupt(e);
                changed.release(); // retry after the pause below
            }
            if (!pause(changed, deadline, progress.lastError.get())) {
                return new DrainWait(DrainWait.Outcome.TIMED_OUT, DrainWait.PHASE_REGISTRATION, null,
                        "the registration " + registration + " is still there: the health agent has not taken "
                        + "this instance out (" + progress.lastError.get() + ")", elapsed(started));
            }
        }
        // Phase 2: Z, then every sync must have applied at least Z.
        progress.phase.set(DrainWait.PHASE_SYNCS);
        long target = -1;
        while (true) {
            if (!stillDraining.getAsBoolean()) {
                return cancelled(progress, started);
            }
            changed.drainPermits();
            try {
                if (target < 0) {
                    target = targetZxid(schema);
                }
                Convergence convergence = ConvergenceRules.evaluate(target, readSyncs(wake));
                progress.convergence.set(convergence);
                progress.lastError.set("no error");
                if (convergence.confirmed()) {
                    return new DrainWait(DrainWait.Outcome.CONFIRMED, DrainWait.PHASE_SYNCS, convergence,
                            convergence.warning() == null ? "every sync applied zxid " + target : convergence.warning(),
                            elapsed(started));
                }
            } catch (Exception e) {
                progress.lastError.set(describe(e));
                rethrowInterrupt(e);
                changed.release();
            }
            if (!pause(changed, deadline, progress.lastError.get())) {
                return progress.timedOut(timeoutDetail(progress.convergence.get(), progress.lastError.get()),
                        elapsed(started));
            }
        }
    }

    /** Waits for a watch event (or the retry pause after an error); false when the deadline passed. */
    private boolean pause(Semaphore changed, Instant deadline, String lastError) throws InterruptedException {
        long remaining = Duration.between(clock.instant(), deadline).toMillis();
        if (remaining <= 0) {
            return false;
        }
        if (!"no error".equals(lastError)) {
            // After an error the permit released by the catch block would spin: pause a little instead.
            changed.drainPermits();
            changed.tryAcquire(Math.min(RETRY_PAUSE_MILLIS, remaining), TimeUnit.MILLISECONDS);
            return Duration.between(clock.instant(), deadline).toMillis() > 0;
        }
        return changed.tryAcquire(remaining, TimeUnit.MILLISECONDS)
                || Duration.between(clock.instant(), deadline).toMillis() > 0;
    }

    /** The pzxid of the registration's parent, or of the nearest existing ancestor (a container may be gone). */
    private long targetZxid(SchemaName schema) throws Exception {
        List<String> candidates = List.of(layout.rolePath(schema, Role.PRIMARY), layout.schemaPath(schema),
                layout.mysqlRoot(), layout.root());
        for (String path : candidates) {
            Stat stat = client.checkExists().forPath(path);
            if (stat != null) {
                return stat.getPzxid();
            }
        }
        return 0; // nothing of the layout exists: no sync has anything to forget
    }

    private List<SyncObservation> readSyncs(Watcher wake) throws Exception {
        List<String> children;
        try {
            children = client.getChildren().usingWatcher(wake).forPath(layout.syncRoot());
        } catch (KeeperException.NoNodeException e) {
            // No sync ever registered; watch for the parent to appear.
            client.checkExists().usingWatcher(wake).forPath(layout.syncRoot());
            return List.of();
        }
        List<SyncObservation> observations = new ArrayList<>(children.size());
        for (String child : children) {
            String path = layout.syncRoot() + "/" + child;
            byte[] payload;
            try {
                payload = client.getData().usingWatcher(wake).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                continue; // that sync just went away: it no longer routes anything
            }
            try {
                observations.add(SyncObservation.of(child, PayloadCodec.decodeSyncStatus(payload, path)));
            } catch (MalformedPayloadException e) {
                observations.add(SyncObservation.unreadable(child, e.getMessage()));
            }
        }
        return observations;
    }

    private static String timeoutDetail(Convergence convergence, String lastError) {
        if (convergence == null) {
            return "the syncs could not be read (" + lastError + ")";
        }
        List<String> holding = new ArrayList<>();
        for (Convergence.SyncVerdict verdict : convergence.syncs()) {
            if (verdict.state() != Convergence.SyncState.APPLIED
                    && verdict.state() != Convergence.SyncState.DRY_RUN) {
                holding.add(verdict.node() + " " + verdict.state().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return "not every sync applied zxid " + convergence.targetZxid() + ": " + String.join(", ", holding)
                + ("no error".equals(lastError) ? "" : " (" + lastError + ")");
    }

    private static DrainWait cancelled(Progress progress, long started) {
        return new DrainWait(DrainWait.Outcome.CANCELLED, progress.phase.get(), progress.convergence.get(),
                "the lease ended while waiting (cancelled, expired or the role changed)", elapsed(started));
    }

    private static void rethrowInterrupt(Exception e) throws InterruptedException {
        if (e instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("cancelled");
        }
    }

    private static String describe(Exception e) {
        if (e instanceof KeeperException keeper) {
            return "ZooKeeper " + keeper.code();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
