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
    /** Kind of a PagerDuty incident line: a sync's guard paged or resolved, a promotion's failover notice. */
    public static final String PAGE = "page";
    /** Kind of a sync's settle window opening or closing. */
    public static final String SETTLE = "settle";

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
                if (q.noticeKey() != null) {
                    events.add(new StatusEvent(at, PAGE, firstSchema(q), "failover notice paged: " + q.instance()
                            + " was superseded by a promotion (incident " + q.noticeKey()
                            + "; clearing the quarantine resolves it)"));
                }
            }
        }
        for (var q : qBefore.values()) {
            if (!qAfter.containsKey(q.instance())) {
                events.add(new StatusEvent(at, "quarantine", firstSchema(q), "quarantine of " + q.instance()
                        + " cleared"));
                if (q.noticeKey() != null) {
                    events.add(new StatusEvent(at, PAGE, firstSchema(q), "failover notice " + q.noticeKey()
                            + " resolved by the quarantine clear (when the CLI that cleared it has a pager)"));
                }
            }
        }
        Map<String, StatusReport.SyncStatusView> syncsAfter = new TreeMap<>();
        after.syncs().forEach(sync -> syncsAfter.put(sync.proxysql(), sync));
        Set<Paged> pagedBefore = paged(before);
        Set<Paged> pagedAfter = paged(after);
        for (Paged p : pagedAfter) {
            if (!pagedBefore.contains(p)) {
                events.add(new StatusEvent(at, PAGE, schemaOf(p.subject()), "sync " + p.proxysql() + " paged: "
                        + p.token() + " on " + p.subject() + " (incident open until the condition clears)"));
            }
        }
        for (Paged p : pagedBefore) {
            if (!pagedAfter.contains(p)) {
                events.add(new StatusEvent(at, PAGE, schemaOf(p.subject()), syncsAfter.containsKey(p.proxysql())
                        ? "sync " + p.proxysql() + " resolved its " + p.token() + " page on " + p.subject()
                        : "sync " + p.proxysql() + " is gone with its " + p.token() + " page on " + p.subject()
                                + " open (a restarted sync adopts it and resolves it once the condition is clear)"));
            }
        }
        Map<String, StatusReport.SyncStatusView> syncsBefore = new TreeMap<>();
        before.syncs().forEach(sync -> syncsBefore.put(sync.proxysql(), sync));
        for (var sync : syncsAfter.values()) {
            var was = syncsBefore.get(sync.proxysql());
            Instant wasUntil = was == null ? null : was.settlingUntil();
            if (sync.settlingUntil() != null && !sync.settlingUntil().equals(wasUntil)) {
                events.add(new StatusEvent(at, SETTLE, null, "sync " + sync.proxysql() + " opened its settle window "
                        + "until " + sync.settlingUntil() + ": it re-read ZooKeeper from scratch, removals of servers "
                        + "absent from the view wait" + (sync.settleHeldRows() == null ? ""
                                : " (" + sync.settleHeldRows() + " held)")));
            } else if (sync.settlingUntil() == null && wasUntil != null) {
                events.add(new StatusEvent(at, SETTLE, null, "sync " + sync.proxysql()
                        + " closed its settle window: held removals are planned like any other"));
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

    /** One open page of a sync: the condition {@code token} on {@code subject} (a schema or {@code *}). */
    private record Paged(String proxysql, String subject, String token) {
    }

    /** Every condition a sync reports paged, in the syncs' and subjects' order. */
    private static Set<Paged> paged(StatusReport report) {
        Set<Paged> out = new java.util.LinkedHashSet<>();
        for (StatusReport.SyncStatusView s : report.syncs()) {
            new TreeMap<>(s.paged()).forEach((subject, tokens) -> {
                for (String token : tokens.split(",")) {
                    if (!token.isBlank()) {
                        out.add(new Paged(s.proxysql(), subject, token.strip()));
                    }
                }
            });
        }
        return out;
    }

    private static String schemaOf(String subject) {
        return "*".equals(subject) ? null : subject;
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
