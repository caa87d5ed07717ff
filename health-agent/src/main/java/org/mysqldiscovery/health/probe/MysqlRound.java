package org.mysqldiscovery.health.probe;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.FenceRule;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.Freshness;
import org.mysqldiscovery.health.check.Observation;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.RoundRules;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.check.Verdict;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of mysql-mode checks: probe (I/O: {@link MysqlProbe}) → observation → the pure table of check rules
 * ({@link RoundRules}) and the fence rule ({@link FenceRule}) → actions (the fence write, here; the registration, by
 * the reconciler from the round's result). The only state across rounds is the replica's {@link Freshness}.
 */
public final class MysqlRound implements RoundRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlRound.class);
    /** Statements a round may run, each bounded by the check timeout (the watchdog's bound of a round). */
    private static final int MAX_STATEMENTS_PER_ROUND = 7;

    private final HealthAgentConfig config;
    private final MysqlServer server;
    private final MysqlProbe probe;
    private final Clock clock;
    /** Check thread only. */
    private Freshness freshness = Freshness.NONE;

    public MysqlRound(HealthAgentConfig config, MysqlServer server, Clock clock) {
        this.config = config;
        this.server = server;
        this.probe = new MysqlProbe(config, server);
        this.clock = clock;
    }

    @Override
    public RoundResult run(long seq, Target target, boolean quarantined) {
        Instant started = clock.instant();
        Observation seen = probe.observe(target);
        List<CheckResult> checks = RoundRules.results(seen, new RoundRules.Criteria(config.restoreMarkerFile(),
                config.requireBufferPoolLoaded(), config.replicaReadOnlyRequired(), config.maxReplicationLagMillis(),
                freshness.boundMillis(started)));
        CheckResult replication = checks.stream().filter(c -> c.name().equals(CheckNames.REPLICATION)).findFirst()
                .orElseThrow();
        freshness = freshness.after(seen, new Verdict(replication.status(), replication.message()),
                config.maxReplicationLagMillis(), started);
        FencingOutcome fencing = act(FenceRule.decide(quarantined, seen, config.fencing().enabled()), started);
        return new RoundResult(seq, target, checks, fencing, started, clock.instant());
    }

    /** The connect timeout plus every statement's timeout. */
    @Override
    public long boundMillis() {
        return config.mysql().connectTimeoutMillis() + (long) MAX_STATEMENTS_PER_ROUND * config.checkTimeoutMillis();
    }

    /** The edge of the fence rule: the write, when it decided one. */
    private FencingOutcome act(FenceRule.Decision decision, Instant at) {
        if (decision instanceof FenceRule.Settled settled) {
            return FenceRule.outcome(settled, at);
        }
        FenceRule.Fence fence = (FenceRule.Fence) decision;
        try {
            server.fence(fence.superReadOnly());
            LOG.warn("FENCED: {} is quarantined and was writable; set {}", config.instance(), fence.what());
            return new FencingOutcome(FencingOutcome.Action.FENCED, "quarantined and was writable: set "
                    + fence.what(), at);
        } catch (SQLException e) {
            LOG.error("fencing {} failed: {}", config.instance(), Errors.describe(e));
            return new FencingOutcome(FencingOutcome.Action.FAILED, "quarantined and WRITABLE; setting read_only "
                    + "failed: " + Errors.describe(e), at);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
