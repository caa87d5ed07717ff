package org.mysqldiscovery.health;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.mysqldiscovery.common.reconcile.Backoff;
import org.mysqldiscovery.common.reconcile.Debounce;
import org.mysqldiscovery.common.reconcile.ReconcileLoop;
import org.mysqldiscovery.common.reconcile.Requeue;
import org.mysqldiscovery.common.reconcile.Ticker;
import org.mysqldiscovery.common.reconcile.WorkQueue;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.Decider.Decision;
import org.mysqldiscovery.health.check.Decider;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.Hysteresis;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.mysqldiscovery.health.http.HealthMetrics;
import org.mysqldiscovery.health.probe.Checker;
import org.mysqldiscovery.health.registry.DesiredNode;
import org.mysqldiscovery.health.registry.Payloads;
import org.mysqldiscovery.health.registry.Registrar;
import org.mysqldiscovery.health.target.TargetSource;
import org.mysqldiscovery.health.target.TargetView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that decides, on the suite's {@link ReconcileLoop}. Events (file watch, quarantine watch, a finished
 * check round, ZooKeeper state) only mark it dirty; each pass re-reads the whole view (role files, quarantine, latest round), decides with the pure
 * {@link Decider} and hands the result to the {@link Registrar}. It also wakes every interval (a new round, a re-read
 * of the files), when a drain lease ends, and when the latest round would go stale.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final HealthAgentConfig config;
    private final TargetSource targets;
    private final Checker checker;
    private final Registrar registrar;
    private final Payloads payloads;
    private final HealthMetrics metrics;
    private final Clock clock;
    private final long intervalMillis;
    private final long staleAfterMillis;
    /** No debounce (a mark is due at once) and no back-off: a failed pass is retried after an interval. */
    private final ReconcileLoop loop;
    private volatile AgentStatus status;
    private final long roundBoundMillis;

    // Confined to the reconciler thread:
    private Target currentTarget;
    private boolean targetKnown;
    private Hysteresis hysteresis;
    private RoundResult roundForTarget;
    private long consumedSeq;
    private long nextRoundAtMillis;
    private boolean lastQuarantined;
    private Target registeredTarget;
    private Instant registeredSince;
    private FencingOutcome lastFencing;
    private Instant lastFencedAt;

    /**
     * @param targets what to register and its gates (role files and quarantine, or tcp mode's constant)
     */
    public Reconciler(HealthAgentConfig config, TargetSource targets, Checker checker, Registrar registrar,
            Payloads payloads, HealthMetrics metrics, Clock clock) {
        this.config = config;
        this.targets = targets;
        this.checker = checker;
        this.registrar = registrar;
        this.payloads = payloads;
        this.metrics = metrics;
        this.clock = clock;
        this.intervalMillis = config.checkIntervalMillis();
        long roundBound = checker.roundBoundMillis();
        this.roundBoundMillis = roundBound + 500;
        this.staleAfterMillis = intervalMillis + roundBound + 500;
        this.hysteresis = Hysteresis.fresh(config.rise(), config.fall());
        this.status = AgentStatus.initial(hysteresis, clock.instant());
        // Not a daemon: this thread keeps the agent process alive. Not interrupted on close: a pass only hands work
        // to the checker and the registrar, it does not block on I/O.
        this.loop = new ReconcileLoop(new ReconcileLoop.Settings("reconciler", false, 2_000, false),
                new WorkQueue(Debounce.NONE, Backoff.NONE, Ticker.SYSTEM), Ticker.SYSTEM, new ReconcileLoop.Reconcile() {
                    @Override
                    public Requeue reconcile(WorkQueue.Work work) {
                        return Requeue.afterMillis(pass() - clock.millis());
                    }

                    @Override
                    public Requeue crashed(Throwable error) {
                        // Safety over liveness: a pass that cannot decide withdraws the registration and retries.
                        LOG.error("reconciliation failed; unregistering until it succeeds", error);
                        registrar.apply(null);
                        return Requeue.afterMillis(intervalMillis);
                    }
                });
    }

    public void start() {
        loop.start();
        markDirty();
    }

    /** Something changed: re-read and decide now. Cheap, callable from any thread. */
    public void markDirty() {
        loop.mark();
    }

    public AgentStatus status() {
        return status;
    }

    public long staleAfterMillis() {
        return staleAfterMillis;
    }

    /** Bound of one check round (the watchdog's): the round runner's bound, plus 500 ms. */
    public long roundBoundMillis() {
        return roundBoundMillis;
    }

    /** How long the running pass has run (ms), or -1 while idle. */
    public long passBusyMillis() {
        return loop.busyMillis();
    }

    /** One pass; returns when the next one is due at the latest (epoch ms). */
    private long pass() {
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        TargetView view = targets.read(now);
        List<CheckResult> gates = view.gates();
        Target target = view.target();
        boolean quarantined = view.quarantined();
        Instant drainWake = view.wakeAt();

        boolean requestRound = false;
        if (!targetKnown || !Objects.equals(target, currentTarget)) {
            if (targetKnown) {
                LOG.info("role files changed: {} -> {}", describe(currentTarget), describe(target));
            }
            targetKnown = true;
            currentTarget = target;
            hysteresis = Hysteresis.fresh(config.rise(), config.fall());
            roundForTarget = null;
            requestRound = true;
        }
        if (quarantined != lastQuarantined) {
            lastQuarantined = quarantined;
            requestRound = true; // fence at once
        }
        if (nowMillis >= nextRoundAtMillis) {
            requestRound = true;
        }
        if (requestRound) {
            checker.request(target, quarantined);
            nextRoundAtMillis = nowMillis + intervalMillis;
            registrar.verify();
        }

        RoundResult latest = checker.latest();
        if (latest != null && latest.seq() > consumedSeq) {
            consumedSeq = latest.seq();
            metrics.recordRound(latest);
            lastFencing = latest.fencing();
            if (latest.fencing().action() == FencingOutcome.Action.FENCED) {
                lastFencedAt = latest.completedAt();
            }
            if (Objects.equals(latest.target(), target)) {
                boolean wasHealthy = hysteresis.healthy();
                hysteresis = hysteresis.observe(latest.passed());
                roundForTarget = latest;
                if (wasHealthy != hysteresis.healthy()) {
                    LOG.info("checks for {}: {}{}", describe(target), hysteresis.health(), hysteresis.healthy() ? ""
                            : " (" + String.join("; ", latest.failing().stream().map(CheckResult::reason).toList())
                                    + ")");
                }
            }
        }
        metrics.recordGates(gates);

        Decision decision = Decider.decide(target, gates, hysteresis, roundForTarget, staleAfterMillis, nowMillis);
        DesiredNode desired = null;
        if (decision.register() != null) {
            if (registeredSince == null || !decision.register().equals(registeredTarget)) {
                registeredSince = now;
                registeredTarget = decision.register();
            }
            desired = payloads.node(decision.register(), registeredSince);
        } else {
            if (registeredTarget != null) {
                LOG.warn("not registering {}: {}", describe(registeredTarget), String.join("; ", decision.whyNot()));
            }
            registeredSince = null;
            registeredTarget = null;
        }
        registrar.apply(desired);
        status = new AgentStatus(target, target == null ? null : payloads.path(target), List.copyOf(gates),
                roundForTarget, hysteresis, decision, lastFencing, lastFencedAt, now);

        long wake = nextRoundAtMillis;
        if (drainWake != null) {
            wake = Math.min(wake, drainWake.toEpochMilli() + 1);
        }
        if (roundForTarget != null) {
            long staleAt = roundForTarget.completedAt().toEpochMilli() + staleAfterMillis + 1;
            if (staleAt > nowMillis) {
                wake = Math.min(wake, staleAt);
            }
        }
        return wake;
    }

    private static String describe(Target target) {
        return target == null ? "unreadable role files" : target.describe();
    }

    @Override
    public void close() {
        loop.close();
    }
}
