package org.mysqldiscovery.cli.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqldiscovery.cli.command.StatusReport;

/**
 * {@code GET /v1/status} (documented in cli/README.md): the status page's data. {@code status} is the very document
 * of {@code mysql-discovery status --json}; the rest is what the page adds: each schema's state, each sync's lag,
 * the command that clears each quarantine, and the timeline this process observed.
 *
 * @param generatedAt   when this document was made
 * @param readAt        when ZooKeeper was last read successfully (null: never yet)
 * @param readMillis    how long that read took
 * @param stale         true when the last read failed: everything below is as of {@code readAt}
 * @param error         why the last read failed (null when it did not)
 * @param refreshMillis how often this process reads ZooKeeper
 * @param fleet         one line per schema, worst state first
 * @param syncs         per sync: lag behind the view, in zxid and time
 * @param clearCommands quarantined instance → the CLI command that clears it
 * @param status        the {@code status --json} document of the last read (null: never read yet)
 * @param eventsSince   the timeline covers changes observed since this process started, at this time
 * @param events        the timeline, newest first (in memory; at most {@value FleetWatch#MAX_EVENTS})
 * @param proxysql      per ProxySQL read through {@code serve.statusPage.syncConfigs}: what it routes per
 *                      hostgroup, each server checked against the ZooKeeper view (empty when none is configured)
 */
@JsonPropertyOrder({"generatedAt", "readAt", "readMillis", "stale", "error", "refreshMillis", "fleet", "syncs",
        "clearCommands", "status", "eventsSince", "events", "proxysql"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusDocument(Instant generatedAt, Instant readAt, Long readMillis, boolean stale, String error,
        long refreshMillis, List<SchemaLine> fleet, List<SyncLag> syncs, Map<String, String> clearCommands,
        StatusReport status, Instant eventsSince, List<StatusEvent> events, List<RoutedProxySql> proxysql) {

    /**
     * What one ProxySQL routes, read from its admin interface.
     *
     * @param proxysql   its sync's status name (as in {@code syncs})
     * @param admin      the admin address read
     * @param readAt     when it was last read (null: never)
     * @param error      why the last read failed (null when it did not: the hostgroups are then as of readAt)
     * @param lagZxid    its sync's lag behind the view in zxid (null: no live sync of that name reports)
     * @param lagSeconds seconds since its sync last applied (null: likewise)
     * @param hostgroups its managed hostgroups that hold a row or should, by hostgroup id
     * @param omitted    rows left out beyond {@value ProxySqlWatch#MAX_ROWS}
     */
    @JsonPropertyOrder({"proxysql", "admin", "readAt", "error", "lagZxid", "lagSeconds", "hostgroups", "omitted"})
    public record RoutedProxySql(String proxysql, String admin, Instant readAt, String error, Long lagZxid,
            Long lagSeconds, List<RoutedHostgroup> hostgroups, int omitted) {
    }

    /**
     * @param hostgroup   its id
     * @param schema      the schema the sync's map gives it
     * @param role        the role (primary, replica, reporting-replica)
     * @param servers     its rows
     * @param notRouted   instances registered in ZooKeeper with that schema and role (not quarantined) that it does
     *                    not hold: the sync has not applied them yet, holds them back (guard), or routes them
     *                    elsewhere by design (another datacenter's replicas)
     */
    @JsonPropertyOrder({"hostgroup", "schema", "role", "servers", "notRouted"})
    public record RoutedHostgroup(int hostgroup, String schema, String role, List<RoutedServer> servers,
            List<String> notRouted) {
    }

    /**
     * @param instance       {@code host:port} as ProxySQL holds it
     * @param status         ONLINE, SHUNNED, OFFLINE_SOFT or OFFLINE_HARD (ProxySQL's runtime status)
     * @param weight         the weight it holds
     * @param maxConnections its max_connections
     * @param inView         whether ZooKeeper has it registered with this schema and role and not quarantined: false
     *                       means ProxySQL routes to what the view no longer vouches for (not applied yet, or held by
     *                       a guard or the settle window)
     */
    @JsonPropertyOrder({"instance", "status", "weight", "maxConnections", "inView"})
    public record RoutedServer(String instance, String status, int weight, int maxConnections, boolean inView) {
    }

    /**
     * @param schema    its name
     * @param state     {@link SchemaState}: double-primary, no-primary, guarded, not-converged, ok
     * @param flags     the status document's flags (also unknown-schema)
     * @param primaries where writes go
     * @param replicas  registered replicas (not quarantined)
     */
    @JsonPropertyOrder({"schema", "state", "flags", "primaries", "replicas"})
    public record SchemaLine(String schema, String state, List<String> flags, List<String> primaries,
            List<String> replicas) {
    }

    /**
     * @param proxysql    the sync's ProxySQL admin address
     * @param appliedZxid what it has applied (null when its status is unreadable)
     * @param lagZxid     view zxid minus appliedZxid, at least 0 (null when unreadable)
     * @param lagSeconds  seconds since it last applied (null when unreadable)
     * @param converged   whether it has applied the current view
     */
    @JsonPropertyOrder({"proxysql", "appliedZxid", "lagZxid", "lagSeconds", "converged"})
    public record SyncLag(String proxysql, Long appliedZxid, Long lagZxid, Long lagSeconds, boolean converged) {
    }

    /** The document for a status read at {@code readAt}, seen at {@code now}. */
    static StatusDocument of(StatusReport status, Instant readAt, long readMillis, String error, long refreshMillis,
            Instant now, Instant eventsSince, List<StatusEvent> events) {
        List<SchemaLine> fleet = new ArrayList<>();
        List<SyncLag> lags = new ArrayList<>();
        Map<String, String> clear = new TreeMap<>();
        if (status != null) {
            List<StatusReport.SyncStatusView> counted = StatusReport.countedSyncs(status.syncs());
            for (StatusReport.SchemaStatus s : status.schemas()) {
                List<String> replicas = s.instances().stream()
                        .filter(i -> !i.role().equals("primary") && !i.quarantined())
                        .map(StatusReport.InstanceStatus::instance).distinct().toList();
                fleet.add(new SchemaLine(s.schema(), SchemaState.of(s, counted), s.flags(), s.primaries(), replicas));
            }
            fleet.sort(java.util.Comparator.comparingInt((SchemaLine l) -> rank(l.state()))
                    .thenComparing(SchemaLine::schema));
            for (StatusReport.SyncStatusView s : status.syncs()) {
                Long lagZxid = s.appliedZxid() == null ? null : Math.max(0, status.viewZxid() - s.appliedZxid());
                Long lagSeconds = s.appliedAt() == null ? null
                        : Math.max(0, Duration.between(s.appliedAt(), now).toSeconds());
                lags.add(new SyncLag(s.proxysql(), s.appliedZxid(), lagZxid, lagSeconds, s.converged()));
            }
            status.quarantines().forEach(q -> clear.put(q.instance(), clearCommand(q)));
        }
        return new StatusDocument(now, readAt, readAt == null ? null : readMillis, error != null, error,
                refreshMillis, fleet, lags, clear, status, eventsSince, events, List.of());
    }

    /** This document with what the ProxySQLs route, checked against its view. */
    StatusDocument withProxySql(List<ProxySqlWatch.Read> reads) {
        if (reads.isEmpty()) {
            return this;
        }
        return new StatusDocument(generatedAt, readAt, readMillis, stale, error, refreshMillis, fleet, syncs,
                clearCommands, status, eventsSince, events, routed(reads, status, syncs));
    }

    /** Pure: each ProxySQL's rows by hostgroup, each server checked against the registrations of the view. */
    static List<RoutedProxySql> routed(List<ProxySqlWatch.Read> reads, StatusReport status, List<SyncLag> lags) {
        // "schema role" → instances registered with that role, not quarantined, payload readable.
        Map<String, java.util.SortedSet<String>> expected = new java.util.HashMap<>();
        if (status != null) {
            for (StatusReport.SchemaStatus s : status.schemas()) {
                for (StatusReport.InstanceStatus i : s.instances()) {
                    if (!i.quarantined() && i.problem() == null) {
                        expected.computeIfAbsent(s.schema() + " " + i.role(), k -> new java.util.TreeSet<>())
                                .add(i.instance());
                    }
                }
            }
        }
        Map<String, SyncLag> lagOf = new java.util.HashMap<>();
        lags.forEach(l -> lagOf.put(l.proxysql(), l));
        List<RoutedProxySql> out = new ArrayList<>();
        for (ProxySqlWatch.Read read : reads) {
            Map<Integer, List<ProxySqlWatch.Row>> byHostgroup = new TreeMap<>();
            read.rows().forEach(r -> byHostgroup.computeIfAbsent(r.hostgroup(), k -> new ArrayList<>()).add(r));
            List<RoutedHostgroup> hostgroups = new ArrayList<>();
            byHostgroup.forEach((hostgroup, rows) -> {
                String key = rows.get(0).schema() + " " + rows.get(0).role();
                java.util.SortedSet<String> want = expected.getOrDefault(key, new java.util.TreeSet<>());
                List<RoutedServer> servers = rows.stream()
                        .sorted(java.util.Comparator.comparing(ProxySqlWatch.Row::instance))
                        .map(r -> new RoutedServer(r.instance(), r.status(), r.weight(), r.maxConnections(),
                                want.contains(r.instance())))
                        .toList();
                java.util.Set<String> held = new java.util.HashSet<>();
                rows.forEach(r -> held.add(r.instance()));
                List<String> notRouted = want.stream().filter(i -> !held.contains(i)).toList();
                hostgroups.add(new RoutedHostgroup(hostgroup, rows.get(0).schema(), rows.get(0).role(), servers,
                        notRouted));
            });
            SyncLag lag = lagOf.get(read.proxysql());
            out.add(new RoutedProxySql(read.proxysql(), read.admin(), read.readAt(), read.error(),
                    lag == null ? null : lag.lagZxid(), lag == null ? null : lag.lagSeconds(), hostgroups,
                    read.omitted()));
        }
        return out;
    }

    private static int rank(String state) {
        return switch (state) {
            case SchemaState.DOUBLE_PRIMARY -> 0;
            case SchemaState.NO_PRIMARY -> 1;
            case SchemaState.GUARDED -> 2;
            case SchemaState.NOT_CONVERGED -> 3;
            default -> 4;
        };
    }

    /**
     * The command an operator runs to clear a quarantine. The instance is quoted for the shell (IPv6 brackets are
     * glob characters); the reason is left for the operator to write.
     */
    static String clearCommand(StatusReport.QuarantineStatus q) {
        return "mysql-discovery quarantine clear " + shellQuote(q.instance()) + " --reason 'WHY IT MAY RETURN'";
    }

    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
