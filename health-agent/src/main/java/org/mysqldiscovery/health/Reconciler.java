package org.mysqldiscovery.health;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.mysqldiscovery.common.lifecycle.State;
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
 * The one thread that decides. Events (file watch, quarantine watch, a finished check round, ZooKeeper state) only
 * mark it dirty; each pass re-reads the whole view (role files, quarantine, latest round), decides with the pure
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
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Object lock = new Object();
    private boolean dirty;
    private Thread thread;
    private volatile AgentStatus status;
    /** When the running pass started (System.nanoTime), 0 while idle: the watchdog's view of this thread. */
    private volatile long passStartedNanos;
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
    }

    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("reconciler already " + state.get());
        }
        // Not a daemon: this thread keeps the agent process alive.
        thread = new Thread(this::run, "reconciler");
        thread.start();
        markDirty();
    }

    /** Something changed: re-read and decide now. Cheap, callable from any thread. */
    public void markDirty() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
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
        long since = passStartedNanos;
        return since == 0 ? -1 : (System.nanoTime() - since) / 1_000_000;
    }

    private void run() {
        long wakeAt = 0;
        while (state.get() == State.STARTED) {
            synchronized (lock) {
                long wait = wakeAt - clock.millis();
                while (!dirty && wait > 0 && state.get() == State.STARTED) {
                    try {
                        lock.wait(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    wait = wakeAt - clock.millis();
                }
                dirty = false;
            }
            if (state.get() != State.STARTED) {
                return;
            }
            passStartedNanos = System.nanoTime();
            try {
                wakeAt = pass();
            } catch (RuntimeException e) {
                // Safety over liveness: a pass that cannot decide withdraws the registration and retries.
                LOG.error("reconciliation failed; unregistering until it succeeds", e);
                registrar.apply(null);
                wakeAt = clock.millis() + intervalMillis;
            } finally {
                passStartedNanos = 0;
            }
        }
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
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
