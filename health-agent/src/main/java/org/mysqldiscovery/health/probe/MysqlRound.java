package org.mysqldiscovery.health.probe;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckRules;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.LagReading;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.check.Verdict;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of mysql-mode checks: gathers observations from the server (each query bounded by the check timeout),
 * lets {@link CheckRules} judge them, and fences a writable quarantined server.
 */
public final class MysqlRound implements RoundRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlRound.class);
    static final long SECOND_LOOK_MAX_MILLIS = 250;
    private static final long SECOND_LOOK_STEP_NANOS = 10_000_000L;

    private final HealthAgentConfig config;
    private final MysqlServer server;
    private final Clock clock;
    /** When replication last passed on a measured lag, and that lag: they bound the data's staleness. */
    private Instant lastReplicationPass;
    private long lastPassLagMillis;

    public MysqlRound(HealthAgentConfig config, MysqlServer server, Clock clock) {
        this.config = config;
        this.server = server;
        this.clock = clock;
    }

    @Override
    public RoundResult run(long seq, Target target, boolean quarantined) {
        Instant started = clock.instant();
        List<CheckResult> checks = new ArrayList<>(5);
        Role role = target instanceof Target.Mysql mysql ? mysql.role() : null;

        long t = System.nanoTime();
        String down = null;
        try {
            server.ping();
            checks.add(new CheckResult(CheckNames.MYSQLD, CheckStatus.PASS,
                    "answers SELECT 1", millisSince(t)));
        } catch (SQLException e) {
            down = Errors.describe(e);
            checks.add(new CheckResult(CheckNames.MYSQLD, CheckStatus.FAIL,
                    "does not answer: " + down, millisSince(t)));
        }
        String notRun = "not run: mysqld does not answer";

        t = System.nanoTime();
        if (config.hasRestoreMarker()) {
            boolean exists = Files.exists(config.restoreMarkerPath());
            checks.add(CheckResult.of(CheckNames.RESTORE_MARKER,
                    CheckRules.restoreMarker(config.restoreMarkerFile(), exists), millisSince(t)));
        } else {
            checks.add(CheckResult.skipped(CheckNames.RESTORE_MARKER, "not configured (restoreMarkerFile)"));
        }

        t = System.nanoTime();
        if (!config.requireBufferPoolLoaded()) {
            checks.add(CheckResult.skipped(CheckNames.BUFFER_POOL, "not required (requireBufferPoolLoaded: false)"));
        } else if (down != null) {
            checks.add(CheckResult.unknown(CheckNames.BUFFER_POOL, notRun));
        } else {
            Verdict verdict;
            try {
                verdict = CheckRules.bufferPool(server.bufferPoolLoadStatus());
            } catch (SQLException e) {
                verdict = Verdict.fail("cannot read Innodb_buffer_pool_load_status: " + Errors.describe(e));
            }
            checks.add(CheckResult.of(CheckNames.BUFFER_POOL, verdict, millisSince(t)));
        }

        t = System.nanoTime();
        ServerVariables variables = null;
        String variablesError = null;
        Optional<ReplicaStatus> replica = Optional.empty();
        String replicaError = null;
        if (down == null) {
            try {
                variables = server.variables();
            } catch (SQLException e) {
                variablesError = "cannot read read_only: " + Errors.describe(e);
            }
            if (role != null && !role.isPrimary()) {
                try {
                    replica = server.replicaStatus();
                    if (replica.isPresent() && stoppedWithoutError(replica.get())) {
                        // Orchestrator repoints a replica with STOP SLAVE; CHANGE MASTER; START SLAVE: a round can
                        // land in between. A stop is judged after looking again for a moment, inside this round, so
                        // a repoint never reads as a broken replica (in a small cluster that looked like a mass
                        // removal); a real stop still fails within the round.
                        long deadline = System.nanoTime() + secondLookNanos();
                        while (replica.isPresent() && stoppedWithoutError(replica.get())
                                && System.nanoTime() - deadline < 0) {
                            LockSupport.parkNanos(SECOND_LOOK_STEP_NANOS);
                            replica = server.replicaStatus();
                        }
                    }
                } catch (SQLException e) {
                    replicaError = "cannot read the replication status: " + Errors.describe(e);
                }
            }
        }
        Verdict consistency;
        if (role == null) {
            consistency = Verdict.unknown("role unknown: the role files are unreadable");
        } else if (down != null) {
            consistency = Verdict.unknown(notRun);
        } else if (variablesError != null) {
            consistency = Verdict.fail(variablesError);
        } else if (replicaError != null) {
            consistency = Verdict.fail(replicaError);
        } else {
            consistency = CheckRules.roleConsistency(role, variables.readOnly(), replica.isPresent(),
                    config.replicaReadOnlyRequired());
        }
        checks.add(CheckResult.of(CheckNames.ROLE_CONSISTENCY, consistency, millisSince(t)));

        t = System.nanoTime();
        Verdict replication;
        if (role == null) {
            replication = Verdict.unknown("role unknown: the role files are unreadable");
        } else if (role.isPrimary()) {
            replication = Verdict.skipped("role primary: replication is not checked");
        } else if (down != null) {
            replication = Verdict.unknown(notRun);
        } else if (replicaError != null) {
            replication = Verdict.fail(replicaError);
        } else {
            LagReading lag = new LagReading.SecondsBehind();
            if (config.heartbeat() != null && replica.isPresent()) {
                lag = heartbeat();
            }
            long stalenessBound = lastReplicationPass == null ? -1
                    : java.time.Duration.between(lastReplicationPass, started).toMillis() + lastPassLagMillis;
            replication = CheckRules.replication(replica.orElse(null), lag, config.maxReplicationLagMillis(),
                    stalenessBound);
            Long measured = measuredLagMillis(replica.orElse(null), lag);
            if (replication.status() == CheckStatus.PASS && measured != null
                    && measured <= config.maxReplicationLagMillis()) {
                // Only a measured pass renews the bound: a pass granted by the bound must not extend it.
                lastReplicationPass = started;
                lastPassLagMillis = Math.max(0, measured);
            }
        }
        if (role != null && role.isPrimary()) {
            lastReplicationPass = null;
        }
        checks.add(CheckResult.of(CheckNames.REPLICATION, replication, millisSince(t)));

        FencingOutcome fencing = fence(quarantined, down, variables, variablesError, started);
        return new RoundResult(seq, target, checks, fencing, started, clock.instant());
    }

    /** The lag this round measured with both threads running, or null when it measured none. */
    private static Long measuredLagMillis(ReplicaStatus status, LagReading lag) {
        if (status == null || !"Yes".equals(status.ioRunning()) || !"Yes".equals(status.sqlRunning())) {
            return null;
        }
        if (lag instanceof LagReading.Heartbeat heartbeat) {
            return heartbeat.lagMillis();
        }
        if (lag instanceof LagReading.SecondsBehind) {
            return status.secondsBehind() == null ? null : status.secondsBehind() * 1000;
        }
        return null;
    }

    private static boolean stoppedWithoutError(ReplicaStatus status) {
        boolean stopped = "No".equals(status.ioRunning()) || "No".equals(status.sqlRunning());
        return stopped && status.lastIoError().isEmpty() && status.lastSqlError().isEmpty();
    }

    /** Long enough for a repoint's three statements on a loaded host, short enough to stay inside one interval. */
    private long secondLookNanos() {
        long millis = Math.min(SECOND_LOOK_MAX_MILLIS, Math.min(config.checkIntervalMillis() / 2,
                config.checkTimeoutMillis() / 2));
        return Math.max(1, millis) * 1_000_000L;
    }

    private LagReading heartbeat() {
        String table = config.heartbeat().table();
        try {
            Long lag = server.heartbeatLagMillis(config.heartbeat());
            if (lag == null) {
                return new LagReading.HeartbeatError(table, "no usable row (empty table, or "
                        + config.heartbeat().column() + " is not a time)");
            }
            return new LagReading.Heartbeat(table, lag);
        } catch (SQLException e) {
            return new LagReading.HeartbeatError(table, Errors.describe(e));
        }
    }

    private FencingOutcome fence(boolean quarantined, String down, ServerVariables variables, String variablesError,
            Instant at) {
        if (!quarantined) {
            return FencingOutcome.notNeeded(at);
        }
        if (down != null || variables == null) {
            return new FencingOutcome(FencingOutcome.Action.UNKNOWN, "quarantined, but read_only cannot be read: "
                    + (down != null ? down : variablesError), at);
        }
        if (!CheckRules.fencingNeeded(true, variables.readOnly())) {
            return new FencingOutcome(FencingOutcome.Action.ALREADY_READ_ONLY, "quarantined and read_only=ON", at);
        }
        if (!config.fencing().enabled()) {
            return new FencingOutcome(FencingOutcome.Action.DISABLED,
                    "quarantined and WRITABLE, but fencing is disabled (fencing.enabled: false)", at);
        }
        try {
            server.fence(variables.hasSuperReadOnly());
            String what = variables.hasSuperReadOnly() ? "super_read_only=ON and read_only=ON" : "read_only=ON";
            LOG.warn("FENCED: {} is quarantined and was writable; set {}", config.instance(), what);
            return new FencingOutcome(FencingOutcome.Action.FENCED, "quarantined and was writable: set " + what, at);
        } catch (SQLException e) {
            LOG.error("fencing {} failed: {}", config.instance(), Errors.describe(e));
            return new FencingOutcome(FencingOutcome.Action.FAILED, "quarantined and WRITABLE; setting read_only "
                    + "failed: " + Errors.describe(e), at);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        server.close();
    }
}
