package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.SchemaVerdict;
import org.mysqldiscovery.sync.plan.ServerRow;

/**
 * The {@code plan --json} document: what the sync would write to its ProxySQL now. The CLI's own shape (documented
 * in the README), mapped from the sync's planner output so that the sync's internals can change underneath.
 *
 * @param proxysql           the admin the sync config names
 * @param wouldChange        true when the sync would write something now
 * @param complete           false when a guard refuses part or all of the view (refused parts keep their rows)
 * @param digest             digest of the rows the managed hostgroups would hold
 * @param upserts            rows the sync would write (REPLACE: new, or differing in some column)
 * @param deletes            rows the sync would delete
 * @param schemas            guard verdict of every schema of the sync's hostgroup map
 * @param massRemoval        set when the whole plan is refused as a mass removal
 * @param hostgroupConflict  set when a managed hostgroup is also in mysql_replication_hostgroups (the sync refuses
 *                           to write at all)
 * @param runtimeMatchesConfig false when runtime_mysql_servers differs from mysql_servers in the managed hostgroups
 *                           (a LOAD is pending, or someone edited ProxySQL)
 * @param unknownSchemas     schemas registered in ZooKeeper that the sync's map does not know (not routed)
 * @param skippedQuarantined registrations not routed because their instance is quarantined
 * @param skippedUnmapped    registrations not routed because their role has no hostgroup in the map
 * @param ignoredNodes       ZooKeeper path → why the sync ignores that node
 */
@JsonPropertyOrder({"proxysql", "wouldChange", "complete", "digest", "upserts", "deletes", "schemas", "massRemoval",
        "hostgroupConflict", "runtimeMatchesConfig", "unknownSchemas", "skippedQuarantined", "skippedUnmapped",
        "ignoredNodes"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlanReport(String proxysql, boolean wouldChange, boolean complete, String digest, List<Row> upserts,
        List<Key> deletes, List<SchemaGuard> schemas, MassRemoval massRemoval, String hostgroupConflict,
        boolean runtimeMatchesConfig, List<String> unknownSchemas, int skippedQuarantined, int skippedUnmapped,
        Map<String, String> ignoredNodes) {

    /** A {@code mysql_servers} row, every column. */
    @JsonPropertyOrder({"hostgroupId", "hostname", "port", "gtidPort", "status", "weight", "compression",
            "maxConnections", "maxReplicationLag", "useSsl", "maxLatencyMs", "comment"})
    public record Row(int hostgroupId, String hostname, int port, int gtidPort, String status, int weight,
            int compression, int maxConnections, int maxReplicationLag, int useSsl, int maxLatencyMs,
            String comment) {
        static Row of(ServerRow r) {
            return new Row(r.hostgroupId(), r.hostname(), r.port(), r.gtidPort(), r.status(), r.weight(),
                    r.compression(), r.maxConnections(), r.maxReplicationLag(), r.useSsl(), r.maxLatencyMs(),
                    r.comment());
        }
    }

    /** The key of a {@code mysql_servers} row. */
    @JsonPropertyOrder({"hostgroupId", "hostname", "port"})
    public record Key(int hostgroupId, String hostname, int port) {
        static Key of(RowKey k) {
            return new Key(k.hostgroupId(), k.hostname(), k.port());
        }
    }

    /** One schema's guard: {@code ok}, {@code double-primary} (refused) or {@code no-primary} (applied). */
    @JsonPropertyOrder({"schema", "guard", "refused", "primaries"})
    public record SchemaGuard(String schema, String guard, boolean refused, List<String> primaries) {
        static SchemaGuard of(SchemaVerdict v) {
            return new SchemaGuard(v.schema().value(), v.guard().token(), v.guard().refuses(),
                    v.primaries().stream().map(Instance::spelling).toList());
        }
    }

    /** A plan refused because it would remove too many servers at once. */
    @JsonPropertyOrder({"removed", "total", "limitFraction", "sample"})
    public record MassRemoval(int removed, int total, double limitFraction, List<String> sample) {
    }

    static PlanReport of(Instance proxysql, Plan plan, String conflict, boolean runtimeMatches,
            Map<String, String> ignored) {
        MassRemoval mass = plan.massRemovalRefusal().map(m -> new MassRemoval(m.removed(), m.total(), m.fraction(),
                m.sample().stream().map(Object::toString).toList())).orElse(null);
        boolean writes = conflict == null && !plan.diff().isEmpty();
        return new PlanReport(proxysql.spelling(), writes, plan.complete() && conflict == null, plan.digest(),
                plan.diff().upserts().stream().map(Row::of).toList(),
                plan.diff().deletes().stream().map(Key::of).toList(),
                plan.verdicts().values().stream().map(SchemaGuard::of).toList(), mass, conflict, runtimeMatches,
                plan.unknownSchemas().stream().map(s -> s.value()).toList(), plan.skippedQuarantined(),
                plan.skippedUnmapped(), new TreeMap<>(ignored));
    }
}
