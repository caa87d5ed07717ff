package org.mysqldiscovery.cli.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mysqldiscovery.cli.command.StatusReport;

/**
 * What changed between two status documents, as timeline events. Pure: no clock (the caller passes the observation
 * time), no ZooKeeper. Level-triggered: it compares whole documents, so a missed read loses no change, it only
 * merges changes into one observation.
 */
public final class Timeline {
    private Timeline() {
    }

    /** The events between {@code before} and {@code after}, observed at {@code at}. */
    public static List<StatusEvent> diff(StatusReport before, StatusReport after,
            List<StatusReport.SyncStatusView> counted, Instant at) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        List<StatusEvent> events = new ArrayList<>();
        Map<String, String> roleBefore = registrations(before);
        Map<String, String> roleAfter = registrations(after);
        for (var e : roleAfter.entrySet()) {
            if (!roleBefore.containsKey(e.getKey())) {
                String[] key = e.getKey().split(" ", 3);
                events.add(new StatusEvent(at, "role", key[0], key[2] + " registered as " + key[1] + " of " + key[0]));
            }
        }
        for (var e : roleBefore.entrySet()) {
            if (!roleAfter.containsKey(e.getKey())) {
                String[] key = e.getKey().split(" ", 3);
                events.add(new StatusEvent(at, "role", key[0], key[2] + " is no longer registered as " + key[1]
                        + " of " + key[0]));
            }
        }
        Map<String, StatusReport.QuarantineStatus> qBefore = quarantines(before);
        Map<String, StatusReport.QuarantineStatus> qAfter = quarantines(after);
        for (var q : qAfter.values()) {
            if (!qBefore.containsKey(q.instance())) {
                events.add(new StatusEvent(at, "quarantine", firstSchema(q), q.instance() + " quarantined"
                        + (q.reason() == null ? " (unreadable reason)" : ": " + q.reason())
                        + (q.createdBy() == null ? "" : " by " + q.createdBy())));
            }
        }
        for (var q : qBefore.values()) {
            if (!qAfter.containsKey(q.instance())) {
                events.add(new StatusEvent(at, "quarantine", firstSchema(q), "quarantine of " + q.instance()
                        + " cleared"));
            }
        }
        Map<String, String> stateBefore = states(before, StatusReport.countedSyncs(before.syncs()));
        Map<String, String> stateAfter = states(after, counted);
        Set<String> schemas = new TreeSet<>(stateBefore.keySet());
        schemas.addAll(stateAfter.keySet());
        for (String schema : schemas) {
            String was = stateBefore.getOrDefault(schema, "absent");
            String is = stateAfter.getOrDefault(schema, "absent");
            // ok ⇄ not-converged happens at every change (until the syncs apply it): not worth a line each time.
            if (!was.equals(is) && !(quiet(was) && quiet(is))) {
                events.add(new StatusEvent(at, "state", schema, schema + ": " + was + " → " + is));
            }
        }
        Map<String, String> guardBefore = guards(before);
        Map<String, String> guardAfter = guards(after);
        Set<String> guardKeys = new TreeSet<>(guardBefore.keySet());
        guardKeys.addAll(guardAfter.keySet());
        for (String key : guardKeys) {
            String was = guardBefore.getOrDefault(key, "ok");
            String is = guardAfter.getOrDefault(key, "ok");
            if (!was.equals(is)) {
                String[] parts = key.split(" ", 2);
                String schema = "*".equals(parts[1]) ? null : parts[1];
                events.add(new StatusEvent(at, "guard", schema, "ok".equals(is)
                        ? "sync " + parts[0] + " released its " + was + " guard on " + parts[1]
                        : "sync " + parts[0] + " holds a " + is + " guard on " + parts[1]
                                + " (it changes nothing there and pages)"));
            }
        }
        return events;
    }

    private static boolean quiet(String state) {
        return SchemaState.OK.equals(state) || SchemaState.NOT_CONVERGED.equals(state);
    }

    /** "schema role instance" → role, for every registration. */
    private static Map<String, String> registrations(StatusReport report) {
        Map<String, String> out = new TreeMap<>();
        for (StatusReport.SchemaStatus s : report.schemas()) {
            for (StatusReport.InstanceStatus i : s.instances()) {
                out.put(s.schema() + " " + i.role() + " " + i.instance(), i.role());
            }
        }
        return out;
    }

    private static Map<String, StatusReport.QuarantineStatus> quarantines(StatusReport report) {
        Map<String, StatusReport.QuarantineStatus> out = new TreeMap<>();
        report.quarantines().forEach(q -> out.put(q.instance(), q));
        return out;
    }

    private static String firstSchema(StatusReport.QuarantineStatus q) {
        return q.registeredAs().isEmpty() ? null : q.registeredAs().get(0).split("/", 2)[0];
    }

    private static Map<String, String> states(StatusReport report, List<StatusReport.SyncStatusView> counted) {
        Map<String, String> out = new TreeMap<>();
        report.schemas().forEach(s -> out.put(s.schema(), SchemaState.of(s, counted)));
        return out;
    }

    /** "sync schema" → guard state, for every sync. */
    private static Map<String, String> guards(StatusReport report) {
        Map<String, String> out = new TreeMap<>();
        for (StatusReport.SyncStatusView s : report.syncs()) {
            s.guards().forEach((schema, guard) -> out.put(s.proxysql() + " " + schema, guard));
        }
        return out;
    }
}
