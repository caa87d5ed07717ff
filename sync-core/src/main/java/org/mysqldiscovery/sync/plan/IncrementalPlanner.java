package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * {@link Planner#plan} for a reconcile loop: it remembers what each schema contributed to the last plan and builds
 * again only the schemas whose registrations changed, and it diffs only the hostgroups whose rows differ. A change
 * then costs in proportion to what it touches, not to the fleet: at 5,000 registrations in 1,000 schemas a full plan
 * allocated megabytes and took most of a sync's CPU per change (issue 16).
 *
 * <p>It decides nothing itself: a schema's rows and verdict come from {@link Planner#schemaRows}, the mass-removal
 * verdict from {@link Planner#massRemoval(int, List, Set, boolean)} (with {@link Planner#quarantinedServers} and
 * {@link Planner#replacedWriters}), and the settle window's from {@link Planner#removalWaits}. For the same inputs
 * it returns the same plan as {@link Planner#plan} ({@code IncrementalPlannerTest} compares the two on random
 * sequences of views and rows). What is remembered is keyed by the inputs themselves (a schema's registrations),
 * never by time or by what was applied, so a pass whose apply failed or a ProxySQL edited by hand is planned
 * correctly.
 *
 * <p>Not thread-safe: one per reconcile thread.
 */
public final class IncrementalPlanner {
    private final Planner planner;
    private final HostgroupMap map;
    private final Map<SchemaName, SchemaHostgroups> schemas;
    /** The managed hostgroups, ascending: the order of a plan's rows. */
    private final int[] hostgroups;
    /** Per managed hostgroup (same index): whether it is a schema's writer hostgroup. */
    private final boolean[] writer;
    private final Map<Integer, Integer> indexOf = new HashMap<>();
    /** Per managed hostgroup, the rows its schema wants there (sorted), as of the schema's last change. */
    private final List<ServerRow>[] wanted;
    private final Map<SchemaName, Part> parts = new HashMap<>();
    /** Per managed hostgroup, the final rows last digested (by identity) and their digest ({@link PlanDigest}). */
    private final List<?>[] digested;
    private final long[] digests;
    /** The desired rows of the last plan: sorted by construction, so passed back as current rows they need no check. */
    private List<ServerRow> lastDesired;
    private final TreeMap<SchemaName, SchemaVerdict> verdicts = new TreeMap<>();

    /** What a schema contributed, and the registrations it was planned from. */
    private record Part(List<Member> members, Planner.SchemaRows rows, int[] indexes) {
    }

    @SuppressWarnings("unchecked")
    public IncrementalPlanner(Planner planner) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.map = planner.map();
        this.schemas = new HashMap<>(map.schemas());
        this.hostgroups = map.managedHostgroups().stream().mapToInt(Integer::intValue).toArray();
        this.writer = new boolean[hostgroups.length];
        for (int i = 0; i < hostgroups.length; i++) {
            indexOf.put(hostgroups[i], i);
            writer[i] = planner.writerHostgroup(hostgroups[i]);
        }
        this.wanted = new List[hostgroups.length];
        Arrays.fill(wanted, List.of());
        this.digested = new List<?>[hostgroups.length];
        this.digests = new long[hostgroups.length];
    }

    public Planner planner() {
        return planner;
    }

    /** Same contract as {@link Planner#plan(View, Collection, Settling)}. */
    public Plan plan(View view, Collection<ServerRow> currentRows, Settling settling) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(currentRows, "currentRows");
        Objects.requireNonNull(settling, "settling");
        List<ServerRow> current = currentRows == lastDesired ? lastDesired : sorted(currentRows);
        List<ServerRow>[] currentAt = currentByHostgroup(current);

        Set<Instance> quarantined = view.quarantined();
        Map<SchemaName, List<Member>> bySchema = new HashMap<>();
        Set<SchemaName> unknown = new HashSet<>();
        int skippedQuarantined = 0;
        // A view lists a schema's registrations together, with one SchemaName object (ViewBuilder): the schema of
        // the previous member, compared by identity, spares most of the 5,000 map look-ups of a fleet.
        SchemaName lastSchema = null;
        List<Member> lastList = null;
        for (Member member : view.members()) {
            if (!quarantined.isEmpty() && quarantined.contains(member.instance())
                    && schemas.containsKey(member.schema())) {
                skippedQuarantined++;
                continue;
            }
            if (member.schema() != lastSchema) {
                lastSchema = member.schema();
                lastList = schemas.containsKey(lastSchema)
                        ? bySchema.computeIfAbsent(lastSchema, k -> new ArrayList<>()) : null;
                if (lastList == null) {
                    unknown.add(lastSchema);
                }
            }
            if (lastList != null) {
                lastList.add(member);
            }
        }

        boolean[] refused = new boolean[hostgroups.length];
        int skippedUnmapped = 0;
        for (Map.Entry<SchemaName, SchemaHostgroups> entry : map.schemas().entrySet()) {
            SchemaName schema = entry.getKey();
            List<Member> members = bySchema.getOrDefault(schema, List.of());
            Part part = parts.get(schema);
            if (part == null || !same(part.members(), members)) {
                part = replan(schema, entry.getValue(), members);
            }
            if (part.rows().verdict().guard().refuses()) {
                for (int i : part.indexes()) {
                    refused[i] = true; // keeps the current rows
                }
            } else {
                skippedUnmapped += part.rows().skippedUnmapped();
            }
        }

        List<ServerRow> desired = new ArrayList<>(current.size() + 16);
        List<ServerRow> upserts = new ArrayList<>();
        List<RowKey> deletes = new ArrayList<>();
        List<RowKey> held = new ArrayList<>();
        Set<HostPort> excused = Planner.quarantinedServers(view);
        Holding holding = settling.holdRemovals() ? new Holding(view, bySchema, settling.seen()) : null;
        int currentManaged = 0;
        long[] finalDigests = new long[hostgroups.length];
        int nonEmpty = 0;
        for (int i = 0; i < hostgroups.length; i++) {
            List<ServerRow> now = currentAt[i];
            currentManaged += now.size();
            List<ServerRow> want = refused[i] ? now : wanted[i];
            if (holding != null && !refused[i] && !now.equals(want)) {
                want = holding.keepAbsent(hostgroups[i], now, want, held);
            }
            desired.addAll(want);
            if (!want.isEmpty()) {
                if (digested[i] != want) {
                    digested[i] = want;
                    digests[i] = PlanDigest.ofHostgroup(want);
                }
                finalDigests[nonEmpty++] = digests[i];
            }
            if (!refused[i] && !now.equals(want)) {
                if (writer[i]) {
                    Planner.replacedWriters(now, want, excused);
                }
                RowDiff part = RowDiff.between(now, want);
                upserts.addAll(part.upserts());
                deletes.addAll(part.deletes());
            }
        }
        RowDiff diff = upserts.isEmpty() && deletes.isEmpty() ? RowDiff.none() : new RowDiff(upserts, deletes);

        MassRemoval massRemoval = currentManaged == 0 ? null
                : massRemoval(currentAt, desired, deletes, excused);
        List<ServerRow> finalRows = desired;
        String digest;
        if (massRemoval != null) {
            finalRows = flatten(currentAt, currentManaged);
            diff = RowDiff.none();
            digest = PlanDigest.of(finalRows);
        } else {
            digest = PlanDigest.fold(finalRows.size(), finalDigests, nonEmpty);
        }
        List<ServerRow> drainFirst = diff.deletes().isEmpty() ? List.of()
                : WriterDrain.rowsToDrain(map, flatten(currentAt, currentManaged), diff);
        Plan plan = new Plan(finalRows, diff, verdicts, massRemoval, unknown, skippedQuarantined, skippedUnmapped,
                digest, held, drainFirst);
        lastDesired = plan.desired();
        return plan;
    }

    /** The settle window while it holds removals: {@link Planner#removalWaits} for each row a hostgroup loses. */
    private final class Holding {
        private final Map<SchemaName, List<Member>> bySchema;
        private final Set<Settling.Server> seen;
        private final Set<HostPort> quarantined = new HashSet<>();
        private final Map<SchemaName, Set<HostPort>> registered = new HashMap<>();

        Holding(View view, Map<SchemaName, List<Member>> bySchema, Set<Settling.Server> seen) {
            this.bySchema = bySchema;
            this.seen = seen;
            for (Instance instance : view.quarantined()) {
                quarantined.add(new HostPort(instance.host(), instance.port()));
            }
        }

        /** {@code want} plus the current rows whose removal waits (their keys go to {@code held}), sorted. */
        List<ServerRow> keepAbsent(int hostgroup, List<ServerRow> now, List<ServerRow> want, List<RowKey> held) {
            Set<RowKey> wanted = new HashSet<>();
            want.forEach(row -> wanted.add(row.key()));
            HostgroupMap.Slot slot = map.slot(hostgroup).orElseThrow();
            List<ServerRow> kept = null;
            for (ServerRow row : now) {
                if (wanted.contains(row.key())) {
                    continue;
                }
                Set<HostPort> servers = registered.computeIfAbsent(slot.schema(), this::servers);
                if (planner.removalWaits(row, slot, !want.isEmpty(), servers, quarantined, seen)) {
                    if (kept == null) {
                        kept = new ArrayList<>(want);
                    }
                    kept.add(row);
                    held.add(row.key());
                }
            }
            if (kept == null) {
                return want;
            }
            kept.sort(null);
            return kept;
        }

        private Set<HostPort> servers(SchemaName schema) {
            Set<HostPort> servers = new HashSet<>();
            for (Member m : bySchema.getOrDefault(schema, List.of())) {
                servers.add(new HostPort(m.instance().host(), m.instance().port()));
            }
            return servers;
        }
    }

    private Part replan(SchemaName schema, SchemaHostgroups hostgroupsOfSchema, List<Member> members) {
        Planner.SchemaRows rows = planner.schemaRows(schema, hostgroupsOfSchema, members);
        int[] all = hostgroupsOfSchema.all();
        int[] indexes = new int[all.length];
        Map<Integer, List<ServerRow>> byHostgroup = new HashMap<>();
        for (ServerRow row : rows.rows()) {
            byHostgroup.computeIfAbsent(row.hostgroupId(), k -> new ArrayList<>()).add(row);
        }
        for (int k = 0; k < all.length; k++) {
            indexes[k] = indexOf.get(all[k]);
            List<ServerRow> mine = byHostgroup.getOrDefault(all[k], List.of());
            List<ServerRow> sortedRows = new ArrayList<>(mine);
            sortedRows.sort(null);
            wanted[indexes[k]] = List.copyOf(sortedRows);
        }
        Part part = new Part(List.copyOf(members), rows, indexes);
        parts.put(schema, part);
        verdicts.put(schema, rows.verdict());
        return part;
    }

    /** Equal lists, element by element, identity first: an unchanged registration is the very same object. */
    private static boolean same(List<Member> a, List<Member> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Member x = a.get(i);
            Member y = b.get(i);
            if (x != y && !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** The rows in key order; a copy only when they are not already (ProxySQL's are, and so are a plan's). */
    private static List<ServerRow> sorted(Collection<ServerRow> rows) {
        List<ServerRow> list = rows instanceof List<ServerRow> l ? l : new ArrayList<>(rows);
        ServerRow previous = null;
        for (ServerRow row : list) {
            if (previous != null && previous.compareTo(row) > 0) {
                List<ServerRow> copy = new ArrayList<>(list);
                copy.sort(null);
                return copy;
            }
            previous = row;
        }
        return list;
    }

    /** Per managed hostgroup, its run of the sorted current rows (views, not copies); rows of others are ignored. */
    @SuppressWarnings("unchecked")
    private List<ServerRow>[] currentByHostgroup(List<ServerRow> current) {
        List<ServerRow>[] at = new List[hostgroups.length];
        Arrays.fill(at, List.of());
        for (List<ServerRow> run : ServerRow.hostgroupRuns(current)) {
            Integer index = indexOf.get(run.get(0).hostgroupId());
            if (index != null) {
                at[index] = run;
            }
        }
        return at;
    }

    private static List<ServerRow> flatten(List<ServerRow>[] at, int size) {
        List<ServerRow> all = new ArrayList<>(size);
        for (List<ServerRow> rows : at) {
            all.addAll(rows);
        }
        return all;
    }

    /**
     * The servers the plan takes out of every managed hostgroup can only be among those of deleted rows (a server
     * keeping any row stays): only they are looked for in the desired rows, and the servers routed now are counted
     * only when one of them really goes.
     */
    private MassRemoval massRemoval(List<ServerRow>[] currentAt, List<ServerRow> desired, List<RowKey> deletes,
            Set<HostPort> excused) {
        Set<HostPort> candidates = new HashSet<>();
        for (RowKey key : deletes) {
            candidates.add(key.hostPort());
        }
        if (!candidates.isEmpty()) {
            Set<String> hosts = new HashSet<>();
            candidates.forEach(server -> hosts.add(server.hostname()));
            for (ServerRow row : desired) {
                if (hosts.contains(row.hostname())) {
                    candidates.remove(row.hostPort());
                }
            }
        }
        if (candidates.isEmpty() && !desired.isEmpty()) {
            return null;
        }
        Set<HostPort> now = new HashSet<>();
        for (List<ServerRow> rows : currentAt) {
            for (ServerRow row : rows) {
                now.add(row.hostPort());
            }
        }
        return planner.massRemoval(now.size(), new ArrayList<>(candidates), excused, desired.isEmpty());
    }
}
