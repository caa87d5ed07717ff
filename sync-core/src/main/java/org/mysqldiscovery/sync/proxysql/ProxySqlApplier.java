package org.mysqldiscovery.sync.proxysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.mysqldiscovery.sync.plan.RowDiff;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.RuntimeCheck;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a plan into ProxySQL: only the managed hostgroups' rows of {@code mysql_servers} (the difference: DELETE
 * of rows that go, multi-row REPLACE of rows that are new or changed), then {@code LOAD MYSQL SERVERS TO RUNTIME},
 * {@code SAVE MYSQL SERVERS TO DISK}, then checks {@code runtime_mysql_servers}. The admin's transactions are no-ops,
 * so nothing is wrapped in one: runtime changes only at LOAD, which comes after every write.
 */
public final class ProxySqlApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlApplier.class);
    public static final String POLL_TIMEOUT_VARIABLE = "mysql-poll_timeout";

    /** The default bound of a drain's wait for in-flight queries (see ProxySqlSettings#drainInFlightMaxMillis). */
    public static final Duration DEFAULT_DRAIN_IN_FLIGHT_MAX = Duration.ofMillis(300);
    /** How often ConnUsed is read during a drain: one admin statement of well under a millisecond. */
    private static final long DRAIN_POLL_NANOS = 2_000_000L;

    private final ProxySqlAdmin admin;
    private final Set<Integer> managed;
    private final Duration drainInFlightMax;

    public ProxySqlApplier(ProxySqlAdmin admin, Collection<Integer> managedHostgroups) {
        this(admin, managedHostgroups, DEFAULT_DRAIN_IN_FLIGHT_MAX);
    }

    /**
     * @param drainInFlightMax how long a leaving writer may keep running its in-flight queries before it is removed
     *                         anyway; zero removes live writers at once (the old behaviour: ProxySQL may then
     *                         execute an interrupted write twice)
     */
    public ProxySqlApplier(ProxySqlAdmin admin, Collection<Integer> managedHostgroups, Duration drainInFlightMax) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.drainInFlightMax = Objects.requireNonNull(drainInFlightMax, "drainInFlightMax");
        if (drainInFlightMax.isNegative()) {
            throw new IllegalArgumentException("drainInFlightMax " + drainInFlightMax + " is negative");
        }
        this.managed = Set.copyOf(new TreeSet<>(managedHostgroups));
        if (managed.isEmpty()) {
            throw new IllegalArgumentException("no managed hostgroups");
        }
    }

    public ProxySqlAdmin admin() {
        return admin;
    }

    /** Config and runtime rows of the managed hostgroups. */
    public ProxySqlState read() throws AdminException {
        List<ServerRow> config = admin.readServers("mysql_servers", managed);
        List<ServerRow> runtime = admin.readServers("runtime_mysql_servers", managed);
        return new ProxySqlState(config, runtime);
    }

    /**
     * Refuses a second writer of the sync's rows: managed hostgroups that appear in
     * {@code mysql_replication_hostgroups} (configured or runtime), and a ProxySQL Cluster that syncs
     * {@code mysql_servers} from peers ({@link ClusterCheck}).
     *
     * @throws HostgroupConflictException naming every conflict
     */
    public void checkOwnership() throws AdminException, HostgroupConflictException {
        List<String> conflicts = new ArrayList<>();
        collectConflicts("mysql_replication_hostgroups", conflicts);
        try {
            collectConflicts("runtime_mysql_replication_hostgroups", conflicts);
        } catch (AdminException e) {
            if (e.kind() != AdminErrorKind.UNSUPPORTED) {
                throw e;
            }
            LOG.debug("no runtime_mysql_replication_hostgroups on this admin: {}", e.getMessage());
        }
        StringBuilder message = new StringBuilder();
        if (!conflicts.isEmpty()) {
            message.append("refusing to manage hostgroups that ProxySQL's own monitor also manages (it would move "
                    + "servers by read_only and fight this sync): ").append(String.join("; ", new TreeSet<>(conflicts)))
                    .append(". Remove them from mysql_replication_hostgroups, or from this sync's hostgroups.");
        }
        Optional<String> cluster = ClusterCheck.conflict(clusterPeers(), clusterDiffsBeforeSync());
        if (cluster.isPresent()) {
            message.append(message.length() == 0 ? "" : " Also: ").append("refusing to write mysql_servers: ")
                    .append(cluster.get()).append('.');
        }
        if (message.length() > 0) {
            throw new HostgroupConflictException(message.toString());
        }
    }

    /** ProxySQL Cluster's peers in effect (runtime, else configured; none when the admin has neither table). */
    private List<String> clusterPeers() throws AdminException {
        for (String table : List.of("runtime_proxysql_servers", "proxysql_servers")) {
            try {
                return admin.readProxysqlServers(table);
            } catch (AdminException e) {
                if (e.kind() != AdminErrorKind.UNSUPPORTED) {
                    throw e;
                }
                LOG.debug("no {} on this admin: {}", table, e.getMessage());
            }
        }
        return List.of();
    }

    private Optional<String> clusterDiffsBeforeSync() throws AdminException {
        Optional<String> value;
        try {
            value = admin.readVariable("runtime_global_variables", ClusterCheck.DIFFS_VARIABLE);
        } catch (AdminException e) {
            if (e.kind() != AdminErrorKind.UNSUPPORTED) {
                throw e;
            }
            value = Optional.empty();
        }
        return value.isPresent() ? value : admin.readVariable("global_variables", ClusterCheck.DIFFS_VARIABLE);
    }

    private void collectConflicts(String table, List<String> conflicts) throws AdminException {
        for (int[] pair : admin.readReplicationHostgroups(table)) {
            if (managed.contains(pair[0])) {
                conflicts.add("hostgroup " + pair[0] + " is a writer_hostgroup in " + table);
            }
            if (managed.contains(pair[1])) {
                conflicts.add("hostgroup " + pair[1] + " is a reader_hostgroup in " + table);
            }
        }
    }

    /** ProxySQL's {@code mysql-poll_timeout} in ms (runtime value when available), empty when unknown. */
    public OptionalLong pollTimeoutMillis() throws AdminException {
        Optional<String> value;
        try {
            value = admin.readVariable("runtime_global_variables", POLL_TIMEOUT_VARIABLE);
        } catch (AdminException e) {
            if (e.kind() != AdminErrorKind.UNSUPPORTED) {
                throw e;
            }
            value = Optional.empty();
        }
        if (value.isEmpty()) {
            value = admin.readVariable("global_variables", POLL_TIMEOUT_VARIABLE);
        }
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get().trim()));
        } catch (NumberFormatException e) {
            LOG.warn("ProxySQL {} is {}, not a number", POLL_TIMEOUT_VARIABLE,
                    org.mysqldiscovery.common.model.Quoting.quote(value.get()));
            return OptionalLong.empty();
        }
    }

    /**
     * Writes {@code diff}, loads to runtime and verifies runtime against {@code desired}. Does not save to disk:
     * routing changes at LOAD, so the caller publishes first and then calls {@link #saveToDisk()} (10–20 ms on a
     * real ProxySQL, kept off the path that convergence waits measure).
     *
     * @param desired every row the managed hostgroups must hold afterwards
     * @throws AdminException with kind {@link AdminErrorKind#VERIFY_FAILED} when runtime does not match
     */
    public ApplyResult apply(RowDiff diff, List<ServerRow> desired) throws AdminException {
        return apply(diff, desired, List.of());
    }

    /**
     * Like {@link #apply(RowDiff, List)}, but first drains {@code drainFirst} (live writer rows the diff removes,
     * already {@code OFFLINE_SOFT}; see {@code WriterDrain}): writes and loads them so that ProxySQL sends them no new
     * query, then waits until {@code stats_mysql_connection_pool} shows no query running on them (at most the
     * drain bound), and only then applies the diff. The caller publishes the view as applied after this returns, so
     * a drain confirmation never comes before the old primary's last write has finished.
     */
    public ApplyResult apply(RowDiff diff, List<ServerRow> desired, List<ServerRow> drainFirst)
            throws AdminException {
        int statements = 0;
        ApplyResult.Drain drain = ApplyResult.Drain.NONE;
        if (!drainFirst.isEmpty() && !drainInFlightMax.isZero()) {
            for (String sql : AdminSql.replaces(drainFirst)) {
                admin.execute(sql);
                statements++;
            }
            admin.execute(AdminSql.LOAD_TO_RUNTIME);
            statements++;
            drain = awaitIdle(drainFirst);
        }
        long start = System.nanoTime();
        for (String sql : AdminSql.deletes(diff.deletes())) {
            admin.execute(sql);
            statements++;
        }
        for (String sql : AdminSql.replaces(diff.upserts())) {
            admin.execute(sql);
            statements++;
        }
        long written = System.nanoTime();
        admin.execute(AdminSql.LOAD_TO_RUNTIME);
        long loaded = System.nanoTime();
        statements++;
        List<ServerRow> runtime = verify(desired);
        long verified = System.nanoTime();
        return new ApplyResult(statements, millis(written - start), millis(loaded - written),
                millis(verified - loaded), runtime, drain);
    }

    /** Loads the current configuration to runtime (used when config already matches but runtime does not). */
    public ApplyResult loadOnly(List<ServerRow> desired) throws AdminException {
        return apply(RowDiff.none(), desired);
    }

    /**
     * Waits until no query runs on {@code rows} (ConnUsed 0 in their hostgroups), at most the drain bound. A
     * stats table that cannot be read counts as busy: the wait then lasts the whole bound (safe, slower).
     */
    private ApplyResult.Drain awaitIdle(List<ServerRow> rows) throws AdminException {
        Set<RowKey> keys = new TreeSet<>();
        Set<Integer> hostgroups = new TreeSet<>();
        for (ServerRow row : rows) {
            keys.add(row.key());
            hostgroups.add(row.hostgroupId());
        }
        long start = System.nanoTime();
        long deadline = start + drainInFlightMax.toNanos();
        int used;
        boolean unreadable = false;
        while (true) {
            used = 0;
            try {
                Map<RowKey, Integer> inUse = admin.readConnectionsInUse(hostgroups);
                for (RowKey key : keys) {
                    used += inUse.getOrDefault(key, 0);
                }
            } catch (AdminException e) {
                if (e.kind().connectionBroken()) {
                    throw e;
                }
                if (!unreadable) {
                    LOG.warn("cannot read stats_mysql_connection_pool while draining {}: {}; waiting the whole {} ms",
                            keys, e.getMessage(), drainInFlightMax.toMillis());
                }
                unreadable = true;
                used = -1;
            }
            if (used == 0) {
                long millis = millis(System.nanoTime() - start);
                LOG.info("drained {}: no query in flight after {} ms", keys, millis);
                return new ApplyResult.Drain(rows.size(), millis, 0, false);
            }
            if (System.nanoTime() - deadline >= 0) {
                long millis = millis(System.nanoTime() - start);
                LOG.warn("drain of {} ran out after {} ms with {} queries still in flight: removing anyway (ProxySQL "
                        + "may re-send an interrupted write to the next writer)", keys, millis,
                        used < 0 ? "an unknown number of" : String.valueOf(used));
                return new ApplyResult.Drain(rows.size(), millis, Math.max(used, 0), true);
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
    }

    /** SAVE MYSQL SERVERS TO DISK: after every LOAD, and again later when it failed. */
    public void saveToDisk() throws AdminException {
        admin.execute(AdminSql.SAVE_TO_DISK);
    }

    /** Reads runtime and compares it with {@code desired}. */
    public List<ServerRow> verify(List<ServerRow> desired) throws AdminException {
        List<ServerRow> runtime = admin.readServers("runtime_mysql_servers", managed);
        List<String> mismatches = RuntimeCheck.mismatches(desired, runtime);
        if (!mismatches.isEmpty()) {
            throw new AdminException(AdminErrorKind.VERIFY_FAILED, admin.endpoint()
                    + ": runtime_mysql_servers does not match after LOAD: " + String.join("; ", mismatches));
        }
        return runtime;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
