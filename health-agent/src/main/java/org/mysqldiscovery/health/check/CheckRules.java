package org.mysqldiscovery.health.check;

import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.common.model.Role;

/** The fitness rules, as pure functions of what was observed. The probes gather observations; this decides. */
public final class CheckRules {
    /** A heartbeat this far in the future is a clock or time-zone mismatch, not "no lag". */
    public static final long MAX_FUTURE_HEARTBEAT_MILLIS = 1_000;
    private static final String LOAD_COMPLETED = "Buffer pool(s) load completed";

    private CheckRules() {
    }

    /**
     * {@code primary} needs a writable server; replica roles need a replicating server that is read-only (unless the
     * config allows a writable replica).
     */
    public static Verdict roleConsistency(Role role, boolean readOnly, boolean replicationConfigured,
            boolean replicaReadOnlyRequired) {
        if (role.isPrimary()) {
            return readOnly
                    ? Verdict.fail("role primary but read_only=ON: the server does not accept writes")
                    : Verdict.pass("role primary and writable (read_only=OFF)");
        }
        if (!replicationConfigured) {
            return Verdict.fail("role " + role + " but the server is not replicating (no replication configured)");
        }
        if (!readOnly && replicaReadOnlyRequired) {
            return Verdict.fail("role " + role + " but read_only=OFF: a writable replica could take writes meant "
                    + "for the primary");
        }
        return Verdict.pass("role " + role + ", replication configured, read_only=" + (readOnly ? "ON" : "OFF"));
    }

    private static boolean reconnecting(String ioRunning) {
        return "Connecting".equals(ioRunning) || "Preparing".equals(ioRunning);
    }

    /** IO and SQL threads must run and the lag must be known and within {@code maxLagMillis}. */
    public static Verdict replication(ReplicaStatus status, LagReading lag, long maxLagMillis) {
        return replication(status, lag, maxLagMillis, -1);
    }

    /**
     * As {@link #replication(ReplicaStatus, LagReading, long)}, but a replica whose data is provably fresh stays fit
     * through two transients of every repoint and failover, as long as that proof holds (data never goes back, so
     * it is at most {@code stalenessBoundMillis} old: the time since replication last passed plus the lag it read):
     * <ul>
     * <li>the IO thread reconnecting ({@code Connecting}: its source died or is being replaced; MariaDB shows
     * {@code Preparing} just after {@code START SLAVE}) while the SQL thread runs. Pulling every replica the moment
     * their primary dies would turn a primary failure into a read outage (and look like a mass removal); a
     * deliberately stopped thread ({@code No}) still fails at once;</li>
     * <li>{@code Seconds_Behind_Master} over the limit or NULL with both threads running: it is computed from the
     * event being applied and jumps after a repoint (the new source's first events carry the time its binary log
     * began). A heartbeat table is a real measurement and is not second-guessed.</li>
     * </ul>
     *
     * @param stalenessBoundMillis how old the data can at most be, from the last passing round, or -1 if none
     */
    public static Verdict replication(ReplicaStatus status, LagReading lag, long maxLagMillis,
            long stalenessBoundMillis) {
        boolean provablyFresh = stalenessBoundMillis >= 0 && stalenessBoundMillis <= maxLagMillis;
        if (status == null) {
            return Verdict.fail("not replicating: SHOW REPLICA STATUS is empty (no replication configured)");
        }
        if (reconnecting(status.ioRunning()) && "Yes".equals(status.sqlRunning()) && provablyFresh) {
            return Verdict.pass("IO thread reconnecting to its source" + errorSuffix(status.lastIoError())
                    + "; data at most " + stalenessBoundMillis + " ms old (limit " + maxLagMillis + " ms)");
        }
        if (!"Yes".equals(status.ioRunning())) {
            return Verdict.fail("IO thread is " + shown(status.ioRunning()) + errorSuffix(status.lastIoError()));
        }
        if (!"Yes".equals(status.sqlRunning())) {
            return Verdict.fail("SQL thread is " + shown(status.sqlRunning()) + errorSuffix(status.lastSqlError()));
        }
        if (lag instanceof LagReading.HeartbeatError error) {
            return Verdict.fail("heartbeat table " + error.table() + ": " + error.message());
        }
        if (lag instanceof LagReading.Heartbeat heartbeat) {
            long millis = heartbeat.lagMillis();
            if (millis < -MAX_FUTURE_HEARTBEAT_MILLIS) {
                return Verdict.fail("the newest heartbeat in " + heartbeat.table() + " is " + (-millis)
                        + " ms in the future: clock or time zone mismatch (see heartbeat.utc)");
            }
            if (millis > maxLagMillis) {
                return Verdict.fail("lag " + millis + " ms exceeds " + maxLagMillis + " ms (heartbeat "
                        + heartbeat.table() + ")");
            }
            return Verdict.pass("IO and SQL threads running, lag " + Math.max(0, millis) + " ms (heartbeat "
                    + heartbeat.table() + ")");
        }
        Long seconds = status.secondsBehind();
        if (seconds == null) {
            return provablyFresh ? Verdict.pass(status.lagColumn() + " is NULL for now; data at most "
                    + stalenessBoundMillis + " ms old (limit " + maxLagMillis + " ms)")
                    : Verdict.fail("lag unknown: " + status.lagColumn() + " is NULL");
        }
        if (seconds * 1000 > maxLagMillis) {
            return provablyFresh ? Verdict.pass(status.lagColumn() + "=" + seconds + " (a repoint's jump); data at "
                    + "most " + stalenessBoundMillis + " ms old (limit " + maxLagMillis + " ms)")
                    : Verdict.fail("lag " + seconds + " s exceeds " + maxLagMillis + " ms (" + status.lagColumn()
                    + ")");
        }
        return Verdict.pass("IO and SQL threads running, " + status.lagColumn() + "=" + seconds);
    }

    /** The buffer pool counts as warm once {@code Innodb_buffer_pool_load_status} reports a completed load. */
    public static Verdict bufferPool(String loadStatus) {
        if (loadStatus == null || loadStatus.isBlank()) {
            return Verdict.fail("buffer pool load has not run (Innodb_buffer_pool_load_status is empty; is "
                    + "innodb_buffer_pool_load_at_startup on?)");
        }
        if (loadStatus.startsWith(LOAD_COMPLETED)) {
            return Verdict.pass(loadStatus);
        }
        return Verdict.fail("buffer pool not loaded: " + Quoting.quote(loadStatus));
    }

    public static Verdict restoreMarker(String path, boolean exists) {
        return exists
                ? Verdict.pass("marker " + path + " exists")
                : Verdict.fail("marker " + path + " does not exist: this server has not been restored from a backup "
                        + "yet");
    }

    /** Fence (set read_only) when quarantined and writable; whether it is allowed is the config's business. */
    public static boolean fencingNeeded(boolean quarantined, boolean readOnly) {
        return quarantined && !readOnly;
    }

    private static String shown(String value) {
        return value.isEmpty() ? "not reported" : value;
    }

    private static String errorSuffix(String error) {
        return error.isBlank() ? "" : ": " + Quoting.quote(error);
    }
}
