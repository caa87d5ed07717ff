package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ClusterView.QuarantineEntry;
import org.mysqldiscovery.cli.view.ClusterView.RegistrationEntry;
import org.mysqldiscovery.cli.view.ClusterView.SyncEntry;
import org.mysqldiscovery.common.convergence.Convergence;
import org.mysqldiscovery.common.convergence.ConvergenceRules;
import org.mysqldiscovery.common.convergence.SyncObservation;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;

/**
 * The {@code status} document (its {@code --json} shape, documented in the README). Built purely from a
 * {@link ClusterView} and the time.
 *
 * @param root        the suite's root path
 * @param viewZxid    the view's zxid (what a sync's appliedZxid must reach to have converged)
 * @param healthy     false when any schema is flagged or a node is malformed
 * @param converged   every live sync in apply mode has applied this view (false when there is none)
 * @param schemas     per schema: flags and instances
 * @param quarantines every quarantine
 * @param syncs       every live sync
 * @param problems    nodes that could not be understood
 */
@JsonPropertyOrder({"root", "viewZxid", "healthy", "converged", "schemas", "quarantines", "syncs", "problems",
        "strayRows", "proxysqlErrors"})
public record StatusReport(String root, long viewZxid, boolean healthy, boolean converged, List<SchemaStatus> schemas,
        List<QuarantineStatus> quarantines, List<SyncStatusView> syncs, List<ClusterView.Problem> problems,
        List<StrayRow> strayRows, List<String> proxysqlErrors) {

    /**
     * A runtime row (read with {@code --sync-config}) for an instance that has no registration at all: ProxySQL
     * routes to something ZooKeeper does not vouch for (the sync has not applied, or refused by a guard).
     *
     * @param instance the row's {@code host:port}
     * @param route    the row
     */
    @JsonPropertyOrder({"instance", "route"})
    public record StrayRow(String instance, ProxySqlRoutes.Route route) {
    }

    /** A schema is double-primary: more than one primary that is not quarantined. */
    public static final String DOUBLE_PRIMARY = "double-primary";
    /** A schema has no primary that is not quarantined (writes have nowhere to go). */
    public static final String NO_PRIMARY = "no-primary";
    /** Registered in ZooKeeper, but not among the configured {@code knownSchemas}: no sync routes it. */
    public static final String UNKNOWN_SCHEMA = "unknown-schema";

    /**
     * @param schema    its name
     * @param flags     {@code double-primary}, {@code no-primary}, {@code unknown-schema}; empty when all is well
     * @param primaries the primaries writes go to (registered, not quarantined)
     * @param guards    sync → the conditions that sync reports for this schema (a sync lists only schemas with one)
     * @param instances every registration, by role then instance
     */
    @JsonPropertyOrder({"schema", "flags", "primaries", "guards", "instances"})
    public record SchemaStatus(String schema, List<String> flags, List<String> primaries, Map<String, String> guards,
            List<InstanceStatus> instances) {
    }

    /** One registration; {@code problem} is set (and the payload fields null) when its payload is malformed. */
    @JsonPropertyOrder({"instance", "role", "quarantined", "datacenter", "weight", "maxConnections", "registeredAt",
            "agentVersion", "problem", "proxysql"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InstanceStatus(String instance, String role, boolean quarantined, String datacenter, Integer weight,
            Integer maxConnections, Instant registeredAt, String agentVersion, String problem,
            List<ProxySqlRoutes.Route> proxysql) {
    }

    /**
     * One quarantine; the payload fields are null and {@code problem} set when its payload is malformed.
     * {@code noticeKey}: the dedup key of the failover notice the promotion paged, which {@code quarantine clear}
     * resolves (null: none, e.g. a quarantine added by hand).
     */
    @JsonPropertyOrder({"instance", "reason", "createdBy", "createdAt", "ageSeconds", "recoveryUid", "registeredAs",
            "problem", "noticeKey"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QuarantineStatus(String instance, String reason, String createdBy, Instant createdAt,
            long ageSeconds, String recoveryUid, List<String> registeredAs, String problem, String noticeKey) {

        /** Without a failover notice. */
        public QuarantineStatus(String instance, String reason, String createdBy, Instant createdAt, long ageSeconds,
                String recoveryUid, List<String> registeredAs, String problem) {
            this(instance, reason, createdBy, createdAt, ageSeconds, recoveryUid, registeredAs, problem, null);
        }
    }

    /**
     * One live sync and whether it has applied the view. {@code settlingUntil} and {@code settleHeldRows}: while its
     * settle window is open, when it closes and how many removals it holds (null otherwise); {@code paged}: schema
     * (or {@code *}) → the conditions whose page is open.
     */
    @JsonPropertyOrder({"proxysql", "mode", "appliedZxid", "appliedAt", "blind", "converged", "guards",
            "agentVersion", "problem", "settlingUntil", "settleHeldRows", "paged"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SyncStatusView(String proxysql, String mode, Long appliedZxid, Instant appliedAt, Boolean blind,
            boolean converged, Map<String, String> guards, String agentVersion, String problem,
            Instant settlingUntil, Integer settleHeldRows, Map<String, String> paged) {
        public SyncStatusView {
            paged = paged == null ? Map.of() : paged;
        }

        /** Without settle window or open pages. */
        public SyncStatusView(String proxysql, String mode, Long appliedZxid, Instant appliedAt, Boolean blind,
                boolean converged, Map<String, String> guards, String agentVersion, String problem) {
            this(proxysql, mode, appliedZxid, appliedAt, blind, converged, guards, agentVersion, problem, null, null,
                    Map.of());
        }
    }

    /**
     * @param known the configured known schemas ({@code knownSchemas}), when there are any
     */
    public static StatusReport of(ClusterView view, Instant now, Optional<SchemaName> onlySchema,
            Optional<? extends Set<SchemaName>> known) {
        return of(view, now, onlySchema, known, ProxySqlRoutes.NONE);
    }

    /**
     * @param known  the configured known schemas ({@code knownSchemas}), when there are any
     * @param routes the runtime rows of the ProxySQLs asked about ({@code --sync-config})
     */
    public static StatusReport of(ClusterView view, Instant now, Optional<SchemaName> onlySchema,
            Optional<? extends Set<SchemaName>> known, ProxySqlRoutes routes) {
        Set<Instance> quarantined = view.quarantined();
        List<SyncStatusView> syncs = syncs(view);

        SortedSet<String> schemaNames = new TreeSet<>();
        view.allSchemas().forEach(s -> schemaNames.add(s.value()));
        // Schemas that should be there but have no registration are listed too (they show as no-primary): those a
        // sync reports a condition for, and the configured known ones.
        for (SyncEntry sync : view.syncs()) {
            if (sync.status() != null) {
                sync.status().guards().keySet().stream().filter(k -> !k.equals("*") && isSchemaName(k))
                        .forEach(schemaNames::add);
            }
        }
        known.ifPresent(k -> k.forEach(s -> schemaNames.add(s.value())));
        onlySchema.ifPresent(s -> schemaNames.retainAll(Set.of(s.value())));

        // Grouped once: a view of 10,000 registrations in 2,000 schemas must not be scanned per schema.
        Map<SchemaName, List<RegistrationEntry>> bySchema = new java.util.HashMap<>();
        view.registrations().forEach(r -> bySchema.computeIfAbsent(r.schema(), k -> new ArrayList<>()).add(r));
        List<SchemaStatus> schemas = new ArrayList<>();
        boolean healthy = view.problems().isEmpty() && routes.errors().isEmpty();
        for (String name : schemaNames) {
            SchemaName schema = new SchemaName(name);
            List<RegistrationEntry> entries = bySchema.getOrDefault(schema, List.of()).stream()
                    .sorted(java.util.Comparator.comparing(RegistrationEntry::role)
                            .thenComparing(RegistrationEntry::instance))
                    .toList();
            List<String> primaries = entries.stream()
                    .filter(r -> r.role().isPrimary() && !quarantined.contains(r.instance()))
                    .map(r -> r.instance().spelling()).distinct().toList();
            SortedMap<String, String> guards = new TreeMap<>();
            for (SyncEntry sync : view.syncs()) {
                if (sync.status() != null && sync.status().guards().containsKey(name)) {
                    guards.put(sync.proxysql().spelling(), sync.status().guards().get(name));
                }
            }
            List<String> flags = new ArrayList<>();
            if (primaries.size() > 1) {
                flags.add(DOUBLE_PRIMARY);
            }
            if (primaries.isEmpty()) {
                flags.add(NO_PRIMARY);
            }
            if (known.isPresent() && !known.get().contains(schema)) {
                flags.add(UNKNOWN_SCHEMA);
            }
            healthy &= flags.isEmpty();
            List<InstanceStatus> instances = entries.stream()
                    .map(e -> instance(e, quarantined.contains(e.instance()), view, routes))
                    .toList();
            schemas.add(new SchemaStatus(name, flags, primaries, guards, instances));
        }

        List<QuarantineStatus> quarantines = view.quarantines().stream()
                .sorted(java.util.Comparator.comparing(QuarantineEntry::instance))
                .map(q -> quarantine(q, view, now)).toList();
        // The suite's one rule (the drain's too); "no sync at all" is not converged for the operator.
        Convergence convergence = ConvergenceRules.evaluate(view.zxid(), observations(view));
        boolean converged = convergence.waitedFor() > 0 && convergence.confirmed();
        Set<String> registered = new java.util.HashSet<>();
        view.registrations().forEach(r -> registered.add(r.instance().spelling()));
        List<StrayRow> stray = new ArrayList<>();
        routes.byInstance().forEach((instance, rows) -> {
            if (!registered.contains(instance)) {
                rows.stream().filter(r -> onlySchema.isEmpty() || onlySchema.get().value().equals(r.schema()))
                        .forEach(r -> stray.add(new StrayRow(instance, r)));
            }
        });
        stray.sort(java.util.Comparator.comparing(StrayRow::instance));
        return new StatusReport(view.root(), view.zxid(), healthy, converged, schemas, quarantines, syncs,
                view.problems(), stray, routes.errors());
    }

    private static boolean isSchemaName(String text) {
        try {
            new SchemaName(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InstanceStatus instance(RegistrationEntry entry, boolean quarantined, ClusterView view,
            ProxySqlRoutes routes) {
        Registration r = entry.registration();
        String problem = null;
        if (r == null) {
            String path = view.root() + "/mysql/" + entry.schema().value() + "/" + entry.role().token() + "/"
                    + entry.instance().spelling();
            problem = view.problems().stream().filter(p -> p.path().equals(path)).map(ClusterView.Problem::message)
                    .map(m -> m.startsWith(path + ": ") ? m.substring(path.length() + 2) : m)
                    .findFirst().orElse("malformed payload");
        }
        return new InstanceStatus(entry.instance().spelling(), entry.role().token(), quarantined,
                r == null ? null : r.datacenter(), r == null ? null : r.weight(),
                r == null ? null : r.maxConnections(), r == null ? null : r.registeredAt(),
                r == null ? null : r.agentVersion(), problem, routes.of(entry.instance().spelling()).stream()
                        .filter(route -> route.schema().equals(entry.schema().value())).toList());
    }

    static QuarantineStatus quarantine(QuarantineEntry q, ClusterView view, Instant now) {
        List<String> registeredAs = view.registrationsOf(q.instance()).stream()
                .map(r -> r.schema().value() + "/" + r.role().token()).sorted().toList();
        Instant createdAt = q.record() == null ? q.ctime() : q.record().createdAt();
        return new QuarantineStatus(q.instance().spelling(), q.record() == null ? null : q.record().reason(),
                q.record() == null ? null : q.record().createdBy(), createdAt, Ages.seconds(createdAt, now),
                q.record() == null ? null : q.record().recoveryUid(), registeredAs, withoutPath(q.problem()),
                q.record() == null ? null : q.record().noticeKey());
    }

    /** Payload errors start with the node's path; the documents already name the instance. */
    private static String withoutPath(String problem) {
        if (problem == null) {
            return null;
        }
        int colon = problem.indexOf(": ");
        return problem.startsWith("/") && colon > 0 ? problem.substring(colon + 2) : problem;
    }

    static List<SyncStatusView> syncs(ClusterView view) {
        List<SyncStatusView> out = new ArrayList<>();
        for (SyncEntry sync : view.syncs().stream()
                .sorted(java.util.Comparator.comparing(SyncEntry::proxysql)).toList()) {
            SyncStatus s = sync.status();
            if (s == null) {
                out.add(new SyncStatusView(sync.proxysql().spelling(), null, null, null, null, false, Map.of(), null,
                        withoutPath(sync.problem())));
            } else {
                boolean converged = ConvergenceRules.verdict(observation(sync), view.zxid()).state()
                        == Convergence.SyncState.APPLIED;
                out.add(new SyncStatusView(sync.proxysql().spelling(), s.mode().token(), s.appliedZxid(),
                        s.appliedAt(), s.blind(), converged, new TreeMap<>(s.guards()), s.agentVersion(), null,
                        s.settlingUntil(), s.settleHeldRows(), new TreeMap<>(s.paged())));
            }
        }
        return out;
    }

    /**
     * The syncs a convergence waits for ({@link ConvergenceRules#waitedFor}): all but dry-run ones (a malformed
     * status counts, and is not converged).
     */
    public static List<SyncStatusView> countedSyncs(List<SyncStatusView> syncs) {
        return syncs.stream()
                .filter(s -> ConvergenceRules.waitedFor(s.mode() == null ? null : SyncMode.fromToken(s.mode())))
                .toList();
    }

    /** One live sync as the convergence rule reads it. */
    static SyncObservation observation(SyncEntry sync) {
        String node = sync.proxysql().spelling();
        if (sync.status() != null) {
            return SyncObservation.of(node, sync.status());
        }
        return SyncObservation.unreadable(node, sync.problem() == null ? "malformed status" : sync.problem());
    }

    static List<SyncObservation> observations(ClusterView view) {
        return view.syncs().stream().map(StatusReport::observation).toList();
    }
}
