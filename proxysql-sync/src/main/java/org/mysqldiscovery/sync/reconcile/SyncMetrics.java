package org.mysqldiscovery.sync.reconcile;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.mysqldiscovery.sync.page.ConditionKind;
import org.mysqldiscovery.sync.proxysql.AdminErrorKind;

/** The sync's metrics ({@code sync.*}), exposed by the admin server on {@code /metrics}. */
public final class SyncMetrics {
    final Timer reconcile;
    final Timer plan;
    final Timer apply;
    final Counter failures;
    final Counter applies;
    final Counter noops;
    final Counter dryRunPlans;
    final Counter driftRepairs;
    final Counter refusedPasses;
    final Counter blindPasses;
    final Counter adminErrors;
    final Counter writerDrains;
    final Counter writerDrainTimeouts;
    final Map<AdminErrorKind, Counter> adminErrorsByKind = new EnumMap<>(AdminErrorKind.class);
    final Map<ConditionKind, Counter> guardTrips = new EnumMap<>(ConditionKind.class);
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
    final Counter settleWindows;
    final AtomicLong settleOpen = new AtomicLong();
    final AtomicLong settleHeldRows = new AtomicLong();

    public SyncMetrics(MetricRegistry registry, LongSupplier zookeeperConnected) {
        reconcile = registry.timer("sync.reconcile.duration");
        plan = registry.timer("sync.plan.duration");
        apply = registry.timer("sync.apply.duration");
        failures = registry.counter("sync.reconcile.failures");
        applies = registry.counter("sync.applies");
        noops = registry.counter("sync.noops");
        dryRunPlans = registry.counter("sync.dry_run.plans");
        driftRepairs = registry.counter("sync.drift.repairs");
        refusedPasses = registry.counter("sync.refused.passes");
        blindPasses = registry.counter("sync.blind.passes");
        adminErrors = registry.counter("sync.admin.errors");
        settleWindows = registry.counter("sync.settle.windows");
        writerDrains = registry.counter("sync.writer_drains");
        writerDrainTimeouts = registry.counter("sync.writer_drains.timed_out");
        for (AdminErrorKind kind : AdminErrorKind.values()) {
            adminErrorsByKind.put(kind, registry.counter("sync.admin.errors." + kind.name().toLowerCase()));
        }
        for (ConditionKind kind : ConditionKind.values()) {
            guardTrips.put(kind, registry.counter("sync.guard." + kind.token().replace('-', '_') + ".trips"));
        }
        gauge(registry, "sync.last_success.epoch_millis", lastSuccessMillis::get);
        gauge(registry, "sync.applied_zxid", appliedZxid::get);
        gauge(registry, "sync.poll_timeout.millis", pollTimeoutMillis::get);
        gauge(registry, "sync.poll_timeout.warning", pollTimeoutWarning::get);
        gauge(registry, "sync.unknown_schemas", unknownSchemas::get);
        gauge(registry, "sync.view.ignored_nodes", ignoredNodes::get);
        gauge(registry, "sync.view.untrusted_registrations", untrustedRegistrations::get);
        gauge(registry, "sync.desired_rows", desiredRows::get);
        gauge(registry, "sync.blind", blind::get);
        gauge(registry, "sync.reads.remote_fallbacks", remoteFallbacks::get);
        gauge(registry, "sync.settle.open", settleOpen::get);
        gauge(registry, "sync.settle.held_rows", settleHeldRows::get);
        gauge(registry, "sync.zookeeper.connected", zookeeperConnected);
    }

    private static void gauge(MetricRegistry registry, String name, LongSupplier value) {
        registry.gauge(name, () -> (Gauge<Long>) value::getAsLong);
    }

    /** (schema, reader role) pairs reading from other datacenters only (issue 18). */
    public long remoteFallbacks() {
        return remoteFallbacks.get();
    }

    public long applies() {
        return applies.getCount();
    }

    public long noops() {
        return noops.getCount();
    }

    public long driftRepairs() {
        return driftRepairs.getCount();
    }

    public long settleWindows() {
        return settleWindows.getCount();
    }

    public long failures() {
        return failures.getCount();
    }

    public long guardTrips(ConditionKind kind) {
        return guardTrips.get(kind).getCount();
    }
}
