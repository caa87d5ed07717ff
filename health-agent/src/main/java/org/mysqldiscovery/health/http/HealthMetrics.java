package org.mysqldiscovery.health.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.RoundResult;

/**
 * The agent's metrics (Dropwizard, exposed as Prometheus text on {@code /metrics}):
 * <ul>
 * <li>{@code health.check.<name>.passing} gauge: 1 when the check passes (or does not apply), 0 otherwise</li>
 * <li>{@code health.check.<name>.duration} timer, {@code health.check.<name>.failures} counter</li>
 * <li>{@code health.round.duration} timer: one whole round of checks</li>
 * <li>{@code health.registered} gauge, {@code health.quarantined}, {@code health.drained} gauges</li>
 * <li>{@code health.zookeeper.connected} gauge, {@code health.zookeeper.state} gauge (0 never connected,
 * 1 connected, 2 suspended, 3 reconnected, 4 lost, 5 read-only), {@code health.zookeeper.losses} gauge</li>
 * <li>{@code health.fencing.actions} and {@code health.fencing.failures} counters</li>
 * </ul>
 */
public final class HealthMetrics {
    public static final String PREFIX = "health";

    private final MetricRegistry registry;
    private final Map<String, CheckStatus> statuses = new ConcurrentHashMap<>();
    private final Timer roundDuration;
    private final Counter fencingActions;
    private final Counter fencingFailures;

    public HealthMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.roundDuration = registry.timer(PREFIX + ".round.duration");
        this.fencingActions = registry.counter(PREFIX + ".fencing.actions");
        this.fencingFailures = registry.counter(PREFIX + ".fencing.failures");
    }

    public MetricRegistry registry() {
        return registry;
    }

    /** Registers a 0/1 gauge. */
    public void flag(String name, Supplier<Boolean> value) {
        registry.gauge(PREFIX + "." + name, () -> (Gauge<Integer>) () -> value.get() ? 1 : 0);
    }

    public void number(String name, Supplier<Number> value) {
        registry.gauge(PREFIX + "." + name, () -> (Gauge<Number>) value::get);
    }

    /** Called once per completed round (reconciler thread). */
    public void recordRound(RoundResult round) {
        roundDuration.update(Duration.between(round.startedAt(), round.completedAt()));
        for (CheckResult check : round.checks()) {
            record(check);
            registry.timer(PREFIX + ".check." + check.name() + ".duration")
                    .update(Duration.ofMillis(check.durationMillis()));
        }
        if (round.fencing().action() == FencingOutcome.Action.FENCED) {
            fencingActions.inc();
        } else if (round.fencing().action() == FencingOutcome.Action.FAILED) {
            fencingFailures.inc();
        }
    }

    /** Called every pass with the immediate conditions (role files, quarantine, drain). */
    public void recordGates(List<CheckResult> gates) {
        gates.forEach(this::record);
    }

    private void record(CheckResult check) {
        CheckStatus previous = statuses.put(check.name(), check.status());
        if (previous == null) {
            String name = check.name();
            registry.gauge(PREFIX + ".check." + name + ".passing", () -> (Gauge<Integer>) () ->
                    statuses.getOrDefault(name, CheckStatus.UNKNOWN).allowsRegistration() ? 1 : 0);
        }
        if (!check.status().allowsRegistration()) {
            registry.counter(PREFIX + ".check." + check.name() + ".failures").inc();
        }
    }
}
