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
 */
@JsonPropertyOrder({"generatedAt", "readAt", "readMillis", "stale", "error", "refreshMillis", "fleet", "syncs",
        "clearCommands", "status", "eventsSince", "events"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusDocument(Instant generatedAt, Instant readAt, Long readMillis, boolean stale, String error,
        long refreshMillis, List<SchemaLine> fleet, List<SyncLag> syncs, Map<String, String> clearCommands,
        StatusReport status, Instant eventsSince, List<StatusEvent> events) {

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
                refreshMillis, fleet, lags, clear, status, eventsSince, events);
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
