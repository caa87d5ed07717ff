package org.mysqldiscovery.sync.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.reconcile.Backoff;
import org.mysqldiscovery.common.reconcile.Debounce;
import org.mysqldiscovery.common.reconcile.ReconcileLoop;
import org.mysqldiscovery.common.reconcile.Requeue;
import org.mysqldiscovery.common.reconcile.Ticker;
import org.mysqldiscovery.common.reconcile.WorkQueue;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.sync.page.PrimaryDatacenters;
import org.mysqldiscovery.sync.plan.IncrementalPlanner;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.RuntimeCheck;
import org.mysqldiscovery.sync.plan.SettleWindow;
import org.mysqldiscovery.sync.proxysql.AdminErrorKind;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.ApplyResult;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;
import org.mysqldiscovery.sync.registry.RegistryException;
import org.mysqldiscovery.sync.registry.RegistrySnapshot;
import org.mysqldiscovery.sync.registry.ViewRead;
import org.mysqldiscovery.sync.registry.ZkRegistry;
import org.mysqldiscovery.sync.registry.ZxidBarrier;
import org.mysqldiscovery.sync.status.StatusNode;
import org.mysqldiscovery.sync.status.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that changes ProxySQL, on the suite's {@link ReconcileLoop}. Events only mark the {@link WorkQueue};
 * after the debounce this thread passes the zxid barrier, snapshots the whole view, plans, and applies the
 * difference. Every {@code fullPassIntervalMillis} (the pass's requeue) it also re-reads ProxySQL (drift) and its
 * settings. It never dies: a failed pass is logged, counted and retried after the loop's back-off ({@link #BACKOFF}).
 *
 * <p>{@code appliedZxid} is published only after ProxySQL's runtime was verified to match a <em>complete</em> plan
 * (nothing refused), or was found matching already: a convergence wait that sees appliedZxid ≥ Z knows every change
 * up to Z is routed.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int SAMPLE = 10;

    private final ReconcilerSettings settings;
    private final Planner planner;
    // Re-plans only the schemas whose registrations changed; same plans as planner.plan (IncrementalPlannerTest).
    private final IncrementalPlanner incremental;
    private final ZkRegistry registry;
    private final ZxidBarrier barrier;
    private final ProxySqlApplier applier;
    private final StatusNode statusNode;
    private final GuardBook guards;
    /** Only the pass thread touches it (reconcile runs on it alone). */
    private final PrimaryDatacenters primaryDatacenters = new PrimaryDatacenters();
    /** Pass thread only: the (schema, reader role) pairs reading remote at the last pass, to log transitions. */
    private Set<Planner.RemoteFallback> remoteFallbacks = Set.of();
    private final ProxySqlMirror mirror;
    private final SyncMetrics metrics;
    private final WorkQueue signal;
    private final Clock clock;
    private final ReconcileLoop loop;
    private final AtomicReference<SyncReport> report = new AtomicReference<>();
    private final Set<SchemaName> loggedUnknown = new HashSet<>();
    private final SettleWindow settle;
    /** The settle window as the report and /health show it (written by the reconcile thread). */
    private volatile SyncReport.Settle settleView;

    // Reconcile-thread state.
    private List<RowKey> heldLogged = List.of();
    private volatile List<String> ignoredSample = List.of();
    private long appliedZxid = -1;
    private String appliedDigest;
    private Instant appliedAt;
    private Instant lastPassAt;
    private Instant lastSuccessAt;
    private SyncReport.ErrorInfo lastError;
    private String blindReason = "not started";
    private Plan lastPlan;
    private String lastRefusalLogged;
    private String lastDryRunLogged;
    private long passes;
    /** When the next full pass is due (System.nanoTime); the first pass is one. */
    private long nextFullPassNanos = System.nanoTime();
    /** A full pass was due but the pass could not do it (blind, view changed, failed): the next one will. */
    private boolean fullPending;
    private final PassTiming timing = new PassTiming();

    /** Durations of the current pass, for the apply log line. */
    private static final class PassTiming {
        long barrierMillis;
        long planMillis;
    }

    /** How a pass ended. A refusal is DONE: the view was read and judged. */
    private enum Outcome { DONE, BLIND, RETRY, FAILED }

    /** Exponential back-off between failed passes: 100 ms, 200 ms, … up to 5 s; reset by a good pass. */
    public static final Backoff BACKOFF = new Backoff(100, 5_000);

    /** The work queue the view's events mark, with this reconciler's debounce and back-off. */
    public static WorkQueue workQueue(ReconcilerSettings settings) {
        return new WorkQueue(new Debounce(settings.debounceMillis(), settings.debounceMaxMillis()), BACKOFF,
                Ticker.SYSTEM);
    }

    /** @param signal the queue the view's events mark, from {@link #workQueue} */
    public Reconciler(ReconcilerSettings settings, Planner planner, ZkRegistry registry, ZxidBarrier barrier,
            ProxySqlApplier applier, StatusNode statusNode, GuardBook guards, SyncMetrics metrics, WorkQueue signal,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.incremental = new IncrementalPlanner(planner);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.barrier = Objects.requireNonNull(barrier, "barrier");
        this.applier = Objects.requireNonNull(applier, "applier");
        this.statusNode = Objects.requireNonNull(statusNode, "statusNode");
        this.guards = Objects.requireNonNull(guards, "guards");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mirror = new ProxySqlMirror(applier);
        this.settle = new SettleWindow(settings.settleMillis());
        this.settleView = new SyncReport.Settle(false, null, settings.settleMillis(), 0, List.of());
        // A daemon, interrupted on close: a pass may block in the barrier or on the admin connection.
        this.loop = new ReconcileLoop(new ReconcileLoop.Settings("reconcile", true, 5_000, true), signal,
                Ticker.SYSTEM, new ReconcileLoop.Reconcile() {
                    @Override
                    public Requeue duties() {
                        return Reconciler.this.duties();
                    }

                    @Override
                    public Requeue reconcile(WorkQueue.Work work) {
                        return Reconciler.this.reconcile(work);
                    }

                    @Override
                    public Requeue crashed(Throwable error) {
                        LOG.error("reconcile loop error (continuing)", error);
                        failed("internal", error.toString());
                        return untilFullPass();
                    }
                });
        publishReport();
    }

    public void start() {
        signal.request(); // the first pass is a full one
        loop.start();
    }

    /** Marks the view dirty (for callers without the signal at hand). */
    public void markDirty() {
        signal.mark();
    }

    /** Asks for a full pass (re-read ProxySQL, repair drift) as soon as possible. */
    public void requestFullPass() {
        signal.request();
    }

    /** The latest report, for {@code GET /status} and {@code /health}. */
    public SyncReport report() {
        return report.get().toBuilder().running(loop.running()).zookeeper(registry.connectionState())
                .settle(settleView).build();
    }

    public SyncMetrics metrics() {
        return metrics;
    }

    public State state() {
        return loop.state();
    }

    /**
     * Before every wait: the guards' grace periods and the settle window run out on time, not at the next pass.
     * Returns when the next of them is due.
     */
    private Requeue duties() {
        if (guards.tick(clock.millis())) {
            publishStatus(); // a grace period ran out: the node lists the page now open
        }
        if (settle.expire(clock.millis()) == SettleWindow.Change.CLOSED) {
            settleClosed();
            signal.mark(); // the removals held until now are due
        }
        return Requeue.afterNanos(Math.min(delayNanos(guards.nextDeadlineMillis()),
                delayNanos(settle.closesAtMillis())));
    }

    /** A pass is due: a full one when asked for, when the full-pass period ran out, or when the last one was owed. */
    private Requeue reconcile(WorkQueue.Work work) {
        if (work.marked()) {
            metrics.changeSeen(work.firstMarkNanos());
        }
        boolean fullDue = System.nanoTime() - nextFullPassNanos >= 0;
        boolean full = work.requested() || fullDue || fullPending;
        fullPending = full;
        Outcome outcome = pass(full);
        if (outcome == Outcome.DONE) {
            fullPending = false;
            if (full) {
                nextFullPassNanos = System.nanoTime() + settings.fullPassIntervalMillis() * 1_000_000L;
            }
        }
        return untilFullPass();
    }

    private Requeue untilFullPass() {
        return Requeue.afterNanos(nextFullPassNanos - System.nanoTime());
    }

    /** From now to an epoch-millisecond deadline of the guards or the settle window, plus 1 ms to be past it. */
    private long delayNanos(long deadlineMillis) {
        if (deadlineMillis == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long inMillis = Math.max(0, deadlineMillis - clock.millis());
        return inMillis * 1_000_000L + 1_000_000L;
    }

    /** One pass. */
    private Outcome pass(boolean full) {
        passes++;
        long passStart = System.nanoTime();
        try {
            String blind = registry.blindReason();
            if (blind != null) {
                blindPass(blind);
                return Outcome.BLIND;
            }
            long epoch = registry.epoch();
            long barrierStart = System.nanoTime();
            long zxid = barrier.pass(settings.barrierTimeout());
            timing.barrierMillis = (System.nanoTime() - barrierStart) / 1_000_000;
            RegistrySnapshot snapshot = registry.snapshot();
            if (snapshot.blind()) {
                blindPass(snapshot.blindReason());
                return Outcome.BLIND;
            }
            if (snapshot.epoch() != epoch) {
                // The connection or the caches changed under the barrier: what was read is not provably ≥ zxid.
                LOG.debug("view changed during the pass (epoch {} → {}); again", epoch, snapshot.epoch());
                signal.mark();
                return Outcome.RETRY;
            }
            seeing();
            SettleWindow.Change change = settle.observe(snapshot.generation(), zxid, clock.millis());
            if (change == SettleWindow.Change.OPENED) {
                settleOpened();
            } else if (change == SettleWindow.Change.CLOSED) {
                settleClosed();
            }
            reconcile(snapshot.read(), zxid, full);
            succeeded();
            return Outcome.DONE;
        } catch (AdminException e) {
            metrics.adminErrorsByKind.get(e.kind()).inc();
            if (e.kind() == AdminErrorKind.VERIFY_FAILED) {
                mirror.suspectDrift();
            } else {
                mirror.forget();
            }
            guards.adminError(e.getMessage());
            failed(e.kind().name().toLowerCase(), e.getMessage());
            return Outcome.FAILED;
        } catch (RegistryException e) {
            failed("zookeeper", e.getMessage());
            return Outcome.FAILED;
        } finally {
            metrics.reconcile.observe(Telemetry.secondsSince(passStart));
            lastPassAt = clock.instant();
            publishReport();
        }
    }

    private void reconcile(ViewRead read, long zxid, boolean full) throws AdminException {
        ProxySqlMirror.Read proxysql = mirror.read(full);
        if (full) {
            mirror.checkSettings(settings.pollTimeoutWarnAboveMillis());
            guards.conflict(mirror.conflict());
        }
        Plan plan;
        long planStart = System.nanoTime();
        try {
            settle.saw(read.view(), read::createdZxid, clock.millis());
            plan = incremental.plan(read.view(), proxysql.state().config(), settle.settling());
        } finally {
            metrics.plan.observe(Telemetry.secondsSince(planStart));
        }
        timing.planMillis = (System.nanoTime() - planStart) / 1_000_000;
        lastPlan = plan;
        noteView(read, plan);
        noteHeld(plan);
        noteRemoteReads(planner.remoteFallbacks(read.view()));
        primaryDatacenters.update(read.view(), plan);
        guards.planned(plan, primaryDatacenters.moves());
        guards.adminError(null);
        guards.update(clock.millis());
        guards.judged();

        if (mirror.conflict() != null) {
            refused("hostgroup conflict: " + mirror.conflict());
            return;
        }
        if (plan.massRemovalRefusal().isPresent()) {
            refused("mass removal: " + plan.massRemoval().describe());
            return;
        }
        if (!plan.refusedSchemas().isEmpty()) {
            metrics.refusedPasses.inc();
        }
        boolean runtimeMatches = RuntimeCheck.matches(plan.desired(), proxysql.state().runtime());
        if (plan.diff().isEmpty() && runtimeMatches) {
            metrics.noops.inc();
            metrics.changesRouted(false);
            inPlace(plan, zxid);
            if (mirror.saveOwed() && settings.mode() == SyncMode.APPLY) {
                save();
            }
            return;
        }
        if (settings.mode() == SyncMode.DRY_RUN) {
            dryRun(plan, runtimeMatches);
            return;
        }
        ApplyResult result;
        long applyStart = System.nanoTime();
        try {
            result = applier.apply(plan.diff(), plan.desired(), plan.drainFirst());
        } finally {
            metrics.apply.observe(Telemetry.secondsSince(applyStart));
        }
        mirror.applied(plan.desired(), result.runtime(), false);
        metrics.applies.inc();
        metrics.changesRouted(true);
        if (result.drain().rows() > 0) {
            metrics.writerDrains.inc();
            if (result.drain().timedOut()) {
                metrics.writerDrainTimeouts.inc();
            }
        }
        if (proxysql.drift()) {
            metrics.driftRepairs.inc();
        }
        inPlace(plan, zxid); // publish first: routing changed at LOAD, the disk copy can follow
        long saveStart = System.nanoTime();
        // A failover arrives as a burst (quarantine, old primary out, new one in): when the next change is already
        // waiting, routing it comes first and the disk copy is owed to a later pass (the next quiet one saves).
        boolean deferSave = signal.marked();
        if (!deferSave) {
            save();
        }
        LOG.info("applied plan {}: {} rows written, {} removed{} (barrier {} ms, plan {} ms, writer drain {} ms, "
                + "write {} ms, LOAD {} ms, verify {} ms, SAVE {}), runtime verified, zxid {}", plan.digest(),
                plan.diff().upserts().size(), plan.diff().deletes().size(),
                plan.diff().isEmpty() ? " (runtime reload only)" : "", timing.barrierMillis, timing.planMillis,
                result.drain().millis(), result.writeMillis(), result.loadMillis(),
                result.verifyMillis(), deferSave ? "deferred: more changes waiting"
                        : (System.nanoTime() - saveStart) / 1_000_000 + " ms", zxid);
    }

    /** SAVE MYSQL SERVERS TO DISK; a failure is owed and retried by the next pass, not an error of this one. */
    private void save() {
        try {
            applier.saveToDisk();
            mirror.saved();
        } catch (AdminException e) {
            metrics.adminErrorsByKind.get(e.kind()).inc();
            LOG.warn("runtime applied but SAVE MYSQL SERVERS TO DISK failed (retried next pass): {}", e.getMessage());
            if (e.kind().connectionBroken()) {
                mirror.forget();
            }
        }
    }

    /** ProxySQL matches the plan (applied now, or already). */
    private void inPlace(Plan plan, long zxid) {
        appliedDigest = plan.digest();
        appliedAt = clock.instant();
        lastRefusalLogged = null;
        if (plan.complete() && settings.mode() == SyncMode.APPLY) {
            appliedZxid = Math.max(appliedZxid, zxid);
        }
        metrics.appliedZxid.set(appliedZxid);
        metrics.desiredRows.set(plan.desired().size());
        publishStatus();
    }

    private void refused(String why) {
        metrics.refusedPasses.inc();
        if (!why.equals(lastRefusalLogged)) {
            LOG.error("refusing to change ProxySQL: {}", why);
            lastRefusalLogged = why;
        }
        publishStatus();
    }

    private void dryRun(Plan plan, boolean runtimeMatches) {
        metrics.dryRunPlans.inc();
        metrics.changesRouted(false);
        if (!plan.digest().equals(lastDryRunLogged)) {
            lastDryRunLogged = plan.digest();
            LOG.info("dry-run: would delete {} and write {} rows in the managed hostgroups{}, then {} and {}",
                    plan.diff().deletes().size(), plan.diff().upserts().size(),
                    runtimeMatches ? "" : " (runtime differs too)", "LOAD MYSQL SERVERS TO RUNTIME",
                    "SAVE MYSQL SERVERS TO DISK");
            plan.diff().deletes().stream().limit(SAMPLE).forEach(k -> LOG.info("dry-run: delete {}", k));
            plan.diff().upserts().stream().limit(SAMPLE).forEach(r -> LOG.info("dry-run: write {}", r.canonical()));
        }
        publishStatus();
    }

    private void noteView(ViewRead read, Plan plan) {
        for (SchemaName schema : plan.unknownSchemas()) {
            if (loggedUnknown.add(schema)) {
                LOG.warn("schema {} is registered in ZooKeeper but not in this sync's hostgroups: ignored", schema);
            }
        }
        loggedUnknown.retainAll(plan.unknownSchemas());
        metrics.unknownSchemas.set(plan.unknownSchemas().size());
        metrics.ignoredNodes.set(read.problems().size());
        metrics.untrustedRegistrations.set(read.untrusted().size());
        ignoredSample = read.problems().entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(SAMPLE)
                .map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** Logs each (schema, reader role) that starts or stops reading from other datacenters only. */
    private void noteRemoteReads(List<Planner.RemoteFallback> now) {
        Set<Planner.RemoteFallback> current = new HashSet<>(now);
        for (Planner.RemoteFallback fallback : now) {
            if (!remoteFallbacks.contains(fallback)) {
                LOG.warn("{}: no healthy replica in datacenter {}: reads go to other datacenters until one is back",
                        fallback, planner.datacenter());
            }
        }
        for (Planner.RemoteFallback fallback : remoteFallbacks) {
            if (!current.contains(fallback)) {
                LOG.info("{}: reads are local again (or no remote replica is left)", fallback);
            }
        }
        remoteFallbacks = current;
        metrics.remoteFallbacks.set(current.size());
    }

    private void settleOpened() {
        metrics.settleWindows.inc();
        metrics.settleOpen.set(1);
        Instant until = Instant.ofEpochMilli(settle.closesAtMillis());
        settleView = new SyncReport.Settle(true, until, settle.settleMillis(), 0, List.of());
        LOG.info("settle window open until {} ({} ms): the ZooKeeper view was read again (new session) or caught"
                + " up after a reconnect, and agents may not have re-registered yet; removals of absent servers"
                + " wait, additions, role changes and quarantines apply at once", until, settle.settleMillis());
        publishStatus();
    }

    private void settleClosed() {
        metrics.settleOpen.set(0);
        metrics.settleHeldRows.set(0);
        LOG.info("settle window closed: {} held removal(s) are now planned like any other", heldLogged.size());
        heldLogged = List.of();
        settleView = new SyncReport.Settle(false, null, settle.settleMillis(), 0, List.of());
        publishStatus();
    }

    private void noteHeld(Plan plan) {
        List<RowKey> held = plan.held();
        metrics.settleHeldRows.set(held.size());
        if (!held.equals(heldLogged)) {
            if (!held.isEmpty()) {
                LOG.warn("settle window holds {} removal(s) until {} (servers absent from the view): {}", held.size(),
                        Instant.ofEpochMilli(settle.closesAtMillis()), held.stream().limit(SAMPLE).toList());
            }
            heldLogged = held;
        }
        if (settle.holdsRemovals()) {
            settleView = new SyncReport.Settle(true, Instant.ofEpochMilli(settle.closesAtMillis()),
                    settle.settleMillis(), held.size(), held.stream().limit(SAMPLE).map(RowKey::toString).toList());
        }
    }

    private void blindPass(String reason) {
        metrics.blindPasses.inc();
        boolean starting = lastSuccessAt == null && appliedAt == null;
        if (!reason.equals(blindReason)) {
            if (starting) {
                LOG.info("waiting for the first ZooKeeper view ({}): changing nothing until it is read", reason);
            } else {
                LOG.warn("blind: {}: changing nothing until ZooKeeper is back and the view is re-read", reason);
            }
        }
        blindReason = reason;
        metrics.blind.set(1);
        guards.blind(reason, starting);
        guards.update(clock.millis());
        publishStatus();
    }

    private void seeing() {
        if (blindReason != null) {
            LOG.info("view trusted again ({} before)", blindReason);
        }
        blindReason = null;
        metrics.blind.set(0);
        guards.blind(null, false);
    }

    private void succeeded() {
        int ended = loop.succeeded();
        if (ended > 0) {
            LOG.info("reconcile recovered after {} failed passes", ended);
        }
        lastSuccessAt = clock.instant();
        metrics.lastSuccessMillis.set(lastSuccessAt.toEpochMilli());
    }

    private void failed(String kind, String message) {
        if (loop.state() != State.STARTED) {
            LOG.debug("pass interrupted by close: {}", message);
            return;
        }
        metrics.failures.inc();
        long delay = loop.failed();
        lastError = new SyncReport.ErrorInfo(clock.instant(), kind, message);
        LOG.warn("reconcile pass failed ({}), retrying in {} ms: {}", kind, delay, message);
        guards.update(clock.millis());
        signal.request(); // after an error, trust nothing remembered: re-read everything
        publishStatus();
    }

    private void publishStatus() {
        SyncStatus status = new SyncStatus(settings.proxysql().spelling(), settings.mode(), appliedDigest,
                appliedAt, settings.mode() == SyncMode.APPLY ? appliedZxid : -1, blindReason != null,
                guards.statusGuards(), settings.agentVersion(), settleView.until(),
                settleView.open() ? settleView.heldRows() : null, guards.statusPaged());
        statusNode.publish(status);
    }

    private void publishReport() {
        Plan plan = lastPlan;
        Long poll = mirror.pollTimeoutMillis();
        boolean pollWarning = poll != null && poll > settings.pollTimeoutWarnAboveMillis();
        metrics.pollTimeoutMillis.set(poll == null ? -1 : poll);
        metrics.pollTimeoutWarning.set(pollWarning ? 1 : 0);
        SyncReport.PollTimeout pollTimeout = new SyncReport.PollTimeout(poll, settings.pollTimeoutWarnAboveMillis(),
                pollWarning, poll == null ? "not read yet (or unknown to this admin)" : pollWarning
                        ? "writes held during a failover may be released up to " + poll + " ms late" : null);
        List<String> unknown = plan == null ? List.of()
                : plan.unknownSchemas().stream().limit(SAMPLE).map(SchemaName::value).toList();
        SyncReport.Counts counts = new SyncReport.Counts(passes, (long) metrics.applies.get(), (long) metrics.noops.get(),
                (long) metrics.dryRunPlans.get(), (long) metrics.driftRepairs.get(), (long) metrics.failures.get(),
                (long) metrics.refusedPasses.get(), (long) metrics.blindPasses.get());
        report.set(SyncReport.builder(settings.proxysql().spelling(), settings.mode().token())
                .running(loop.state() == State.STARTED)
                .blind(blindReason != null, blindReason)
                .zookeeper(registry.connectionState())
                .appliedZxid(settings.mode() == SyncMode.APPLY ? appliedZxid : -1)
                .planDigest(appliedDigest)
                .appliedAt(appliedAt)
                .lastPassAt(lastPassAt)
                .lastSuccessAt(lastSuccessAt)
                .lastError(lastError)
                .consecutiveFailures(loop.failures())
                .guards(guards.report())
                .pollTimeout(pollTimeout)
                .unknownSchemas(new SyncReport.Named(plan == null ? 0 : plan.unknownSchemas().size(), unknown))
                .ignoredNodes(new SyncReport.Named((int) metrics.ignoredNodes.get(), ignoredSample))
                .hostgroupConflict(mirror.conflict())
                .counts(counts)
                .managedHostgroups(planner.map().managedHostgroups().size())
                .desiredRows(plan == null ? 0 : plan.desired().size())
                .settle(settleView)
                .build());
    }

    @Override
    public void close() {
        if (loop.state() != State.STARTED) {
            loop.close();
            return;
        }
        loop.close();
        publishReport();
    }
}
