package org.mysqldiscovery.health.probe;

import java.nio.file.Files;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.LagReading;
import org.mysqldiscovery.health.check.Observation;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;

/**
 * The I/O of a mysql-mode round: reads what the rules need from the server and the file system into an
 * {@link Observation}, each query bounded by the check timeout, judging nothing. Reads only what can matter: nothing
 * more once mysqld does not answer, the replication row only for replica roles.
 */
final class MysqlProbe {
    static final long SECOND_LOOK_MAX_MILLIS = 250;
    private static final long SECOND_LOOK_STEP_NANOS = 10_000_000L;

    private final HealthAgentConfig config;
    private final MysqlServer server;

    MysqlProbe(HealthAgentConfig config, MysqlServer server) {
        this.config = config;
        this.server = server;
    }

    Observation observe(Target target) {
        Role role = target instanceof Target.Mysql mysql ? mysql.role() : null;
        Map<String, Long> millis = new LinkedHashMap<>();

        long t = System.nanoTime();
        String down = null;
        try {
            server.ping();
        } catch (SQLException e) {
            down = Errors.describe(e);
        }
        millis.put(CheckNames.MYSQLD, millisSince(t));

        Boolean markerExists = null;
        if (config.hasRestoreMarker()) {
            t = System.nanoTime();
            markerExists = Files.exists(config.restoreMarkerPath());
            millis.put(CheckNames.RESTORE_MARKER, millisSince(t));
        }

        String bufferPool = null;
        String bufferPoolError = null;
        if (config.requireBufferPoolLoaded() && down == null) {
            t = System.nanoTime();
            try {
                bufferPool = server.bufferPoolLoadStatus();
            } catch (SQLException e) {
                bufferPoolError = Errors.describe(e);
            }
            millis.put(CheckNames.BUFFER_POOL, millisSince(t));
        }

        t = System.nanoTime();
        ServerVariables variables = null;
        String variablesError = null;
        Optional<ReplicaStatus> replica = Optional.empty();
        boolean replicaRead = false;
        String replicaError = null;
        if (down == null) {
            try {
                variables = server.variables();
            } catch (SQLException e) {
                variablesError = "cannot read read_only: " + Errors.describe(e);
            }
            if (role != null && !role.isPrimary()) {
                try {
                    replica = secondLook(server.replicaStatus());
                    replicaRead = true;
                } catch (SQLException e) {
                    replicaError = "cannot read the replication status: " + Errors.describe(e);
                }
            }
        }
        millis.put(CheckNames.ROLE_CONSISTENCY, millisSince(t));

        t = System.nanoTime();
        LagReading lag = null;
        if (replicaRead && replica.isPresent() && config.heartbeat() != null) {
            lag = heartbeat();
        }
        millis.put(CheckNames.REPLICATION, millisSince(t));

        return new Observation(target, down, markerExists, bufferPool, bufferPoolError,
                variables == null ? null : variables.readOnly(), variables != null && variables.hasSuperReadOnly(),
                variablesError, replica.orElse(null), replicaRead, replicaError, lag, millis);
    }

    /**
     * Orchestrator repoints a replica with STOP SLAVE; CHANGE MASTER; START SLAVE: a round can land in between. A stop
     * is judged after looking again for a moment, inside this round, so a repoint never reads as a broken replica (in
     * a small cluster that looked like a mass removal); a real stop still fails within the round.
     */
    private Optional<ReplicaStatus> secondLook(Optional<ReplicaStatus> first) throws SQLException {
        Optional<ReplicaStatus> replica = first;
        if (replica.isEmpty() || !replica.get().stoppedWithoutError()) {
            return replica;
        }
        long deadline = System.nanoTime() + secondLookNanos();
        while (replica.isPresent() && replica.get().stoppedWithoutError() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(SECOND_LOOK_STEP_NANOS);
            replica = server.replicaStatus();
        }
        return replica;
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

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
