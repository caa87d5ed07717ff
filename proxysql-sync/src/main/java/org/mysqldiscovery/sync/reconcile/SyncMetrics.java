package org.mysqldiscovery.sync.reconcile;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.sync.page.Condition;
import org.mysqldiscovery.sync.page.ConditionKind;
import org.mysqldiscovery.sync.page.PageTracker;
import org.mysqldiscovery.sync.proxysql.AdminErrorKind;

/**
 * The sync's metrics ({@code mysql_discovery_sync_*}; names and meanings in docs/DESIGN.md "Metrics"). Label values
 * are bounded: {@code guard} and {@code kind} are enums, {@code schema} is a configured schema or {@code *} (the
 * whole sync). Every series exists from start.
 */
public final class SyncMetrics {
    final Histogram reconcile;
    final Histogram plan;
    final Histogram apply;
    final Histogram changeRouted;
    final CounterDataPoint failures;
    final CounterDataPoint applies;
    final CounterDataPoint noops;
    final CounterDataPoint dryRunPlans;
    final CounterDataPoint driftRepairs;
    final CounterDataPoint refusedPasses;
    final CounterDataPoint blindPasses;
    final CounterDataPoint writerDrains;
    final CounterDataPoint writerDrainTimeouts;
    final Map<AdminErrorKind, CounterDataPoint> adminErrorsByKind = new EnumMap<>(AdminErrorKind.class);
    final Map<ConditionKind, CounterDataPoint> guardTrips = new EnumMap<>(ConditionKind.class);
    final AtomicLong lastSuccessMillis = new AtomicLong();
    final AtomicLong appliedZxid = new AtomicLong(-1);
    final AtomicLong pollTimeoutMillis = new AtomicLong(-1);
    final AtomicLong pollTimeoutWarning = new AtomicLong();
    final AtomicLong unknownSchemas = new AtomicLong();
    final AtomicLong ignoredNodes = new AtomicLong();
    final AtomicLong untrustedRegistrations = new AtomicLong();
    final AtomicLong desiredRows = new AtomicLong();
    final AtomicLong blind = new AtomicLong(1);
    final AtomicLong remoteFallbacks = new AtomicLong();
    final CounterDataPoint settleWindows;
    final AtomicLong settleOpen = new AtomicLong();
    final AtomicLong settleHeldRows = new AtomicLong();
    /** System.nanoTime of the oldest change seen and not routed yet, 0 when none. */
    final AtomicLong unroutedSinceNanos = new AtomicLong();
    private final List<String> schemas;
    private final Telemetry telemetry;

    /**
     * @param schemas            the configured schemas (the {@code schema} label's values)
     * @param zookeeperConnected 1 while the session is connected
     * @param pendingSinceNanos  System.nanoTime of the oldest change marked and not taken yet, 0 when none
     */
    public SyncMetrics(Telemetry telemetry, Collection<String> schemas, LongSupplier zookeeperConnected,
            LongSupplier pendingSinceNanos) {
        reconcile = telemetry.seconds("sync_pass_duration_seconds",
                "Time one reconcile pass took (barrier, read, plan, apply, verify)");
        plan = telemetry.seconds("sync_plan_duration_seconds", "Time planning one pass took (pure, in memory)");
        apply = telemetry.seconds("sync_apply_duration_seconds",
                "Time writing ProxySQL took in passes that changed it (writer drain, write, LOAD, verify)");
        changeRouted = telemetry.seconds("sync_change_routed_duration_seconds",
                "From the first ZooKeeper event of a change to the LOAD that routes it verified in runtime");
        failures = telemetry.counter("sync_failed_passes_total",
                "Passes that failed (ProxySQL admin or ZooKeeper error); the sync retries with back-off").labelValues();
        applies = telemetry.counter("sync_applies_total",
                "Passes that changed ProxySQL (write, LOAD TO RUNTIME, verified)").labelValues();
        noops = telemetry.counter("sync_noops_total", "Passes that found ProxySQL already right").labelValues();
        dryRunPlans = telemetry.counter("sync_dry_run_plans_total",
                "Passes in dry-run mode that would have changed ProxySQL").labelValues();
        driftRepairs = telemetry.counter("sync_drift_repairs_total",
                "Applies that repaired a ProxySQL changed behind the sync's back").labelValues();
        refusedPasses = telemetry.counter("sync_refused_passes_total",
                "Passes in which a guard refused (part of) the plan").labelValues();
        blindPasses = telemetry.counter("sync_blind_passes_total",
                "Passes skipped because the ZooKeeper view was not trustworthy (the sync changed nothing)")
                .labelValues();
        settleWindows = telemetry.counter("sync_settle_windows_total",
                "Settle windows opened (the view was read again or caught up after a reconnect: removals of servers merely"
                        + " absent wait)").labelValues();
        writerDrains = telemetry.counter("sync_writer_drains_total",
                "Applies that drained a leaving writer (OFFLINE_SOFT) before removing it").labelValues();
        writerDrainTimeouts = telemetry.counter("sync_writer_drain_timeouts_total",
                "Writer drains that ran out of time with queries still in flight").labelValues();
        Counter adminErrors = telemetry.counter("sync_admin_errors_total",
                "ProxySQL admin errors by kind", "kind");
        for (AdminErrorKind kind : AdminErrorKind.values()) {
            adminErrorsByKind.put(kind, adminErrors.labelValues(label(kind.name())));
        }
        Counter trips = telemetry.counter("sync_guard_trips_total",
                "Times a guard condition started (the page follows after its grace)", "guard");
        for (ConditionKind kind : ConditionKind.values()) {
            guardTrips.put(kind, trips.labelValues(label(kind.token())));
        }
        telemetry.gauge("sync_last_success_timestamp_seconds",
                "Unix time of the last pass that completed (0: none yet)", () -> lastSuccessMillis.get() / 1000.0);
        telemetry.gauge("sync_applied_zxid", "ZooKeeper zxid the routing in ProxySQL reflects (-1: none yet)",
                appliedZxid::get);
        telemetry.gauge("sync_proxysql_poll_timeout_seconds",
                "ProxySQL's mysql-poll_timeout (-1: not read yet); high values delay LOAD taking effect",
                () -> pollTimeoutMillis.get() < 0 ? -1 : pollTimeoutMillis.get() / 1000.0);
        telemetry.gauge("sync_proxysql_poll_timeout_warning",
                "1 when mysql-poll_timeout is above proxysql.pollTimeoutWarnAboveMillis", pollTimeoutWarning::get);
        telemetry.gauge("sync_unknown_schemas", "Schemas in ZooKeeper this sync has no hostgroups for",
                unknownSchemas::get);
        telemetry.gauge("sync_view_ignored_nodes", "ZooKeeper nodes ignored as malformed in the latest view",
                ignoredNodes::get);
        telemetry.gauge("sync_view_untrusted_registrations", "Registrations in the latest view ignored as"
                + " untrusted (not written by an agent's ZooKeeper identity)", untrustedRegistrations::get);
        telemetry.gauge("sync_desired_rows", "mysql_servers rows the latest plan wants", desiredRows::get);
        telemetry.gauge("sync_reads_remote_fallbacks", "(schema, reader role) pairs reading from other datacenters"
                + " only (no local reader is routed)", remoteFallbacks::get);
        telemetry.gauge("sync_settle_open", "1 while a settle window is open", settleOpen::get);
        telemetry.gauge("sync_settle_held_rows", "Rows whose removal the open settle window holds back (0: none)",
                settleHeldRows::get);
        telemetry.gauge("sync_blind", "1 while the sync cannot trust its ZooKeeper view and changes nothing",
                blind::get);
        telemetry.gauge("sync_unrouted_change_age_seconds",
                "Age of the oldest ZooKeeper change not routed yet (0: converged)", () -> {
                    long since = oldest(unroutedSinceNanos.get(), pendingSinceNanos.getAsLong());
                    return since == 0 ? 0 : Telemetry.secondsSince(since);
                });
        telemetry.gauge("zookeeper_connected", "1 while the ZooKeeper session is connected",
                zookeeperConnected::getAsLong);
        this.schemas = List.copyOf(schemas);
        this.telemetry = telemetry;
    }

    /** The guard gauges, read from the page tracker at scrape time. */
    public void guards(Supplier<List<PageTracker.Tracked>> tracked) {
        List<String> subjects = new ArrayList<>(schemas);
        subjects.add(Condition.GLOBAL);
        telemetry.gauges("sync_guard_active",
                "1 while a guard condition holds (schema * is the whole sync), paged or still in its grace",
                cb -> emit(cb, tracked.get(), false, subjects), "guard", "schema");
        telemetry.gauges("sync_guard_paged",
                "1 while a guard condition has outlasted its grace and was paged", cb -> emit(cb, tracked.get(), true,
                        subjects), "guard", "schema");
    }

    private static void emit(io.prometheus.metrics.core.metrics.GaugeWithCallback.Callback cb,
            List<PageTracker.Tracked> tracked, boolean pagedOnly, List<String> subjects) {
        for (ConditionKind kind : ConditionKind.values()) {
            for (String subject : subjects) {
                boolean on = tracked.stream().anyMatch(t -> t.condition().kind() == kind
                        && t.condition().subject().equals(subject) && (!pagedOnly || t.paged()));
                cb.call(on ? 1 : 0, label(kind.token()), subject);
            }
        }
        for (PageTracker.Tracked t : tracked) {
            if (!subjects.contains(t.condition().subject()) && (!pagedOnly || t.paged())) {
                cb.call(1, label(t.condition().kind().token()), t.condition().subject());
            }
        }
    }

    /** A change was taken for a pass at {@code seenNanos}: remember the oldest until it is routed. */
    void changeSeen(long seenNanos) {
        unroutedSinceNanos.compareAndSet(0, seenNanos);
    }

    /** ProxySQL now reflects every change taken; {@code loaded}: a LOAD routed them (observe the latency). */
    void changesRouted(boolean loaded) {
        long since = unroutedSinceNanos.getAndSet(0);
        if (loaded && since != 0) {
            changeRouted.observe(Telemetry.secondsSince(since));
        }
    }

    private static long oldest(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 || a - b < 0 ? a : b;
    }

    static String label(String token) {
        return token.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** (schema, reader role) pairs reading from other datacenters only (issue 18). */
    public long remoteFallbacks() {
        return remoteFallbacks.get();
    }

    public long applies() {
        return (long) applies.get();
    }

    public long noops() {
        return (long) noops.get();
    }

    public long driftRepairs() {
        return (long) driftRepairs.get();
    }

    public long settleWindows() {
        return (long) settleWindows.get();
    }

    public long failures() {
        return (long) failures.get();
    }

    public long guardTrips(ConditionKind kind) {
        return (long) guardTrips.get(kind).get();
    }
}
