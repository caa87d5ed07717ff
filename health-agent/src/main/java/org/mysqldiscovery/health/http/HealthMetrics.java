package org.mysqldiscovery.health.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;

/**
 * The agent's metrics on {@code /metrics} ({@code mysql_discovery_health_*}; the list with meanings is in
 * docs/DESIGN.md "Metrics"). Every check's series exist from start: {@code check} takes the values of
 * {@link CheckNames} for the agent's mode (bounded).
 */
public final class HealthMetrics {
    /** The checks of each mode, so that their series exist before the first round. */
    public static final List<String> MYSQL_CHECKS = List.of(CheckNames.MYSQLD, CheckNames.RESTORE_MARKER,
            CheckNames.BUFFER_POOL, CheckNames.ROLE_CONSISTENCY, CheckNames.REPLICATION, CheckNames.ROLE_FILES,
            CheckNames.QUARANTINE, CheckNames.DRAIN);
    public static final List<String> TCP_CHECKS = List.of(CheckNames.TCP);

    private final Telemetry telemetry;
    private final Map<String, CheckStatus> statuses = new ConcurrentHashMap<>();
    private final Histogram roundDuration;
    private final Histogram checkDuration;
    private final Counter checkFailures;
    private final CounterDataPoint fenced;
    private final CounterDataPoint fencingFailed;
    private final AtomicLong quarantinedSinceMillis = new AtomicLong();

    public HealthMetrics(Telemetry telemetry, List<String> checks) {
        this.telemetry = telemetry;
        this.roundDuration = telemetry.seconds("health_check_round_duration_seconds",
                "Time one whole round of checks took (all checks of the current target)");
        this.checkDuration = telemetry.seconds("health_check_duration_seconds",
                "Time each check took in its latest rounds", "check");
        this.checkFailures = telemetry.counter("health_check_failures_total",
                "Check results that forbid registration (fail or unknown), by check", "check");
        Counter fencing = telemetry.counter("health_fencing_total",
                "Fencing attempts (SET GLOBAL read_only=ON on a stale primary) by outcome: fenced or failed",
                "outcome");
        this.fenced = fencing.labelValues("fenced");
        this.fencingFailed = fencing.labelValues("failed");
        for (String check : checks) {
            checkDuration.labelValues(check);
            checkFailures.labelValues(check);
            statuses.put(check, CheckStatus.UNKNOWN);
        }
        telemetry.gauges("health_check_passing",
                "1 when the check passes (or does not apply to this role), 0 when it fails or has not run yet",
                cb -> statuses.forEach((name, status) -> cb.call(status.allowsRegistration() ? 1 : 0, name)),
                "check");
    }

    /** The agent's state gauges, read at scrape time. */
    public void agent(BooleanSupplier registered, BooleanSupplier quarantined, BooleanSupplier drained,
            Supplier<Target> target) {
        telemetry.flag("health_registered", "1 while this instance's ephemeral registration exists in ZooKeeper",
                registered);
        telemetry.flag("health_quarantined", "1 while quarantine/<this instance> exists in ZooKeeper", quarantined);
        telemetry.gauge("health_quarantined_since_timestamp_seconds",
                "Unix time this agent first saw its current quarantine (0 when not quarantined; resets when the"
                        + " agent restarts)", () -> quarantinedSinceMillis.get() / 1000.0);
        telemetry.flag("health_drained", "1 while a drain lease keeps this instance unregistered", drained);
        telemetry.gauges("health_target",
                "Always 1: the schema and role the role files give this instance (no series while unreadable)",
                cb -> {
                    if (target.get() instanceof Target.Mysql mysql) {
                        cb.call(1, mysql.schema().value(), mysql.role().token());
                    } else if (target.get() instanceof Target.Proxysql) {
                        cb.call(1, "", "proxysql");
                    }
                }, "schema", "role");
    }

    /** ZooKeeper session gauges (same names in every program). */
    public void zookeeper(BooleanSupplier connected, DoubleSupplier stateCode, DoubleSupplier losses) {
        telemetry.flag("zookeeper_connected", "1 while the ZooKeeper session is connected", connected);
        telemetry.gauge("zookeeper_state", "ZooKeeper connection state: 0 never connected, 1 connected,"
                + " 2 suspended, 3 reconnected, 4 lost, 5 read-only", stateCode);
        telemetry.gauge("zookeeper_session_losses", "ZooKeeper sessions lost since start (ephemeral nodes gone)",
                losses);
    }

    /** Called once per completed round (reconciler thread). */
    public void recordRound(RoundResult round) {
        roundDuration.observe(seconds(Duration.between(round.startedAt(), round.completedAt())));
        for (CheckResult check : round.checks()) {
            record(check);
            checkDuration.labelValues(check.name()).observe(check.durationMillis() / 1000.0);
        }
        if (round.fencing().action() == FencingOutcome.Action.FENCED) {
            fenced.inc();
        } else if (round.fencing().action() == FencingOutcome.Action.FAILED) {
            fencingFailed.inc();
        }
    }

    /** Called every pass with the immediate conditions (role files, quarantine, drain). */
    public void recordGates(List<CheckResult> gates) {
        gates.forEach(this::record);
        boolean quarantined = gates.stream().anyMatch(g -> g.name().equals(CheckNames.QUARANTINE)
                && g.status() == CheckStatus.FAIL);
        if (!quarantined) {
            quarantinedSinceMillis.set(0);
        } else {
            quarantinedSinceMillis.compareAndSet(0, System.currentTimeMillis()); // the edge: metrics only
        }
    }

    public long fencingActions() {
        return (long) fenced.get();
    }

    private void record(CheckResult check) {
        statuses.put(check.name(), check.status());
        if (!check.status().allowsRegistration()) {
            checkFailures.labelValues(check.name()).inc();
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
