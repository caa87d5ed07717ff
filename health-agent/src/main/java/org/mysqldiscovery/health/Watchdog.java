package org.mysqldiscovery.health;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.List;
import java.util.function.LongSupplier;
import org.mysqldiscovery.common.reconcile.Backoff;
import org.mysqldiscovery.common.reconcile.Debounce;
import org.mysqldiscovery.common.reconcile.ReconcileLoop;
import org.mysqldiscovery.common.reconcile.Requeue;
import org.mysqldiscovery.common.reconcile.Ticker;
import org.mysqldiscovery.common.reconcile.WorkQueue;
import org.mysqldiscovery.health.check.WatchdogRule;
import org.mysqldiscovery.health.registry.Registrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread independent of the reconciler, the checks and the registrar: when one of them is stuck past its bound
 * ({@link WatchdogRule}), it withdraws the registration itself ({@link Registrar#suspend}, which closes the node
 * from this thread, not the registrar's), counts the trip and says why in {@code /health}; when every part moves
 * again it lets the registrar register again ({@link Registrar#resume}). A daemon: it never keeps the process alive.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final LongSupplier passBusyMillis;
    private final LongSupplier roundBusyMillis;
    private final LongSupplier registrarBusyMillis;
    private final long passBoundMillis;
    private final long roundBoundMillis;
    private final Registrar registrar;
    private final Runnable onClear;
    private final CounterDataPoint trips;
    /** Its own loop and thread: one look every quarter bound, independent of what it watches. */
    private final ReconcileLoop loop;
    private volatile List<String> why = List.of();

    /**
     * @param passBusyMillis      age of the running reconcile pass, negative when idle
     * @param roundBusyMillis     age of the running check round, negative when idle
     * @param registrarBusyMillis age of the running registration change, negative when idle
     * @param onClear             called when the trip clears (marks the reconciler dirty)
     */
    public Watchdog(LongSupplier passBusyMillis, LongSupplier roundBusyMillis, LongSupplier registrarBusyMillis,
            long passBoundMillis, long roundBoundMillis, Registrar registrar, Runnable onClear, CounterDataPoint trips) {
        this.passBusyMillis = passBusyMillis;
        this.roundBusyMillis = roundBusyMillis;
        this.registrarBusyMillis = registrarBusyMillis;
        this.passBoundMillis = passBoundMillis;
        this.roundBoundMillis = roundBoundMillis;
        this.registrar = registrar;
        this.onClear = onClear;
        this.trips = trips;
        Requeue tick = Requeue.afterMillis(Math.max(10, passBoundMillis / 4));
        this.loop = new ReconcileLoop(new ReconcileLoop.Settings("watchdog", true, 0, true),
                new WorkQueue(Debounce.NONE, Backoff.NONE, Ticker.SYSTEM), Ticker.SYSTEM, new ReconcileLoop.Reconcile() {
                    @Override
                    public Requeue reconcile(WorkQueue.Work work) {
                        check();
                        return tick;
                    }

                    @Override
                    public Requeue crashed(Throwable error) {
                        LOG.error("watchdog check failed", error);
                        return tick;
                    }
                });
    }

    public void start() {
        loop.start();
        loop.request();
    }

    /** Why the agent does not vouch because of the watchdog; empty while all is well. */
    public List<String> why() {
        return why;
    }

    public long trips() {
        return (long) trips.get();
    }

    public long boundMillis() {
        return passBoundMillis;
    }

    /** One look (the thread calls it every quarter bound; tests call it directly). */
    void check() {
        List<String> now = WatchdogRule.stuck(passBusyMillis.getAsLong(), roundBusyMillis.getAsLong(),
                registrarBusyMillis.getAsLong(), passBoundMillis, roundBoundMillis);
        List<String> before = why;
        if (!now.isEmpty() && before.isEmpty()) {
            trips.inc();
            why = List.copyOf(now);
            LOG.error("WATCHDOG: not vouching for this instance any more: {}", String.join("; ", now));
            registrar.suspend(String.join("; ", now));
        } else if (now.isEmpty() && !before.isEmpty()) {
            why = List.of();
            LOG.warn("watchdog: every part moves again; registering is allowed again");
            registrar.resume();
            onClear.run();
        } else if (!now.isEmpty()) {
            why = List.copyOf(now);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
