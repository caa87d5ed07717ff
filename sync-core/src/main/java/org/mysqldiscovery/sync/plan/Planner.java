package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The pure core of the sync: view + hostgroup map + current rows of the managed hostgroups → desired rows and guard
 * verdicts. No ZooKeeper, no JDBC, no clock: the same inputs always give the same plan.
 *
 * <p>Guards applied here: a schema with more than one non-quarantined primary keeps its current rows (the other
 * schemas still sync); a plan removing more than {@code massRemovalFraction} of the distinct servers in the managed
 * hostgroups, or removing every one of them, is refused as a whole; a removal that rests on a fact is not counted
 * (the server is quarantined, or it is an old primary its writer hostgroup loses to a new one: a failover). A schema without primary is applied as it is
 * (an empty writer hostgroup makes ProxySQL hold writes). Timing (grace periods, pages) is the caller's business.
 *
 * <p>Datacenter-aware reads: a planner given its own datacenter routes a reader role's replicas registered elsewhere
 * (or naming no datacenter) by that role's {@link RemoteReads} while at least one replica of the same schema and role
 * is registered in its datacenter; when none is, the remote ones are routed like local ones (the fallback). The
 * writer hostgroup always has the schema's primary wherever it is. Without a datacenter, datacenters are ignored.
 * In {@link RemoteReads.Mode#HOSTGROUP} mode remote replicas always go to the schema's remote hostgroup of their role
 * (with the weight a local one would get), and during the fallback to the role's hostgroup as well. The map and the
 * defaults must agree: a role in hostgroup mode needs a remote hostgroup in every schema routing that role, and a
 * remote hostgroup is refused for a role in another mode (it would be owned and stay empty).
 *
 * <p>Settle window (after ZooKeeper recovered, see {@link SettleWindow}): while it is open a row whose server is
 * simply absent from the view, and has not been registered in that schema in any view since the window opened, is
 * kept as it is, because its agent may not have re-registered yet. Every removal that rests on a fact still applies
 * at once: the server is quarantined; it is registered in that schema under another role (a role change); the row
 * is in the writer hostgroup and the schema has another primary now (one writer beats two: see docs/DESIGN.md,
 * guards); or the server was seen registered since the window opened and is gone now (a drain, a death after the
 * recovery). Such a plan is not {@link Plan#complete()}.
 */
public final class Planner {
    public static final String COMMENT_PREFIX = "mysql-discovery:";
    private static final int SAMPLE = 5;

    private final HostgroupMap map;
    private final RoleDefaults defaults;
    private final double massRemovalFraction;
    private final String datacenter;

    /** A planner that ignores datacenters. */
    public Planner(HostgroupMap map, RoleDefaults defaults, double massRemovalFraction) {
        this(map, defaults, massRemovalFraction, null);
    }

    /**
     * @param datacenter this sync's datacenter, or null to ignore datacenters (every replica is local)
     */
    public Planner(HostgroupMap map, RoleDefaults defaults, double massRemovalFraction, String datacenter) {
        if (datacenter != null && (datacenter.isEmpty()
                || datacenter.length() > org.mysqldiscovery.common.model.Registration.MAX_DATACENTER_LENGTH)) {
            throw new FieldException("datacenter", "must be 1.."
                    + org.mysqldiscovery.common.model.Registration.MAX_DATACENTER_LENGTH + " characters");
        }
        this.datacenter = datacenter;
        this.map = Objects.requireNonNull(map, "map");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        if (!(massRemovalFraction > 0 && massRemovalFraction <= 1)) {
            throw new IllegalArgumentException("massRemovalFraction " + massRemovalFraction + " is not in (0, 1]");
        }
        this.massRemovalFraction = massRemovalFraction;
        checkRemoteHostgroups(map, defaults);
    }

    /** The rule tying {@link RemoteReads.Mode#HOSTGROUP} to the map's remote hostgroups (see the class comment). */
    private static void checkRemoteHostgroups(HostgroupMap map, RoleDefaults defaults) {
        for (Map.Entry<SchemaName, SchemaHostgroups> entry : map.schemas().entrySet()) {
            for (Role role : Role.values()) {
                if (role.isPrimary()) {
                    continue;
                }
                RemoteReads.Mode mode = defaults.of(role).remote().mode();
                String key = entry.getKey() + "." + SchemaHostgroups.key(role, true);
                boolean routed = entry.getValue().hostgroup(role).isPresent();
                boolean remote = entry.getValue().remoteHostgroup(role).isPresent();
                if (mode == RemoteReads.Mode.HOSTGROUP && routed && !remote) {
                    throw new FieldException(key, "is required: defaults." + role.token()
                            + ".remote.mode is hostgroup (the hostgroup of " + role.token()
                            + "s in other datacenters)");
                }
                if (mode != RemoteReads.Mode.HOSTGROUP && remote) {
                    throw new FieldException(key, "is only used with defaults." + role.token()
                            + ".remote.mode hostgroup (now " + mode.token() + "): remove it or set the mode");
                }
            }
        }
    }

    /** A planner with ProxySQL's column defaults and the design's 50 % mass-removal limit. */
    public static Plan plan(View view, HostgroupMap map, Collection<ServerRow> currentRows) {
        return new Planner(map, RoleDefaults.standard(), 0.5).plan(view, currentRows);
    }

    public HostgroupMap map() {
        return map;
    }

    /** This planner's datacenter, or null when it ignores datacenters. */
    public String datacenter() {
        return datacenter;
    }

    /** The comment of the sync's rows: says who wrote the row and why it is there. */
    public static String comment(SchemaName schema, Role role) {
        return comment(schema, role, false);
    }

    /** The comment of the sync's rows in a role's hostgroup, or its remote hostgroup ({@code .../replica-remote}). */
    public static String comment(SchemaName schema, Role role, boolean remote) {
        return COMMENT_PREFIX + schema.value() + "/" + SchemaHostgroups.key(role, remote);
    }

    /**
     * @param view        the complete view
     * @param currentRows rows of {@code mysql_servers}; rows of hostgroups this sync does not own are ignored
     */
    public Plan plan(View view, Collection<ServerRow> currentRows) {
        return plan(view, currentRows, Settling.NONE);
    }

    /**
     * @param view        the complete view
     * @param currentRows rows of {@code mysql_servers}; rows of hostgroups this sync does not own are ignored
     * @param settling    the settle window: while open, removals of servers absent since it opened wait
     */
    public Plan plan(View view, Collection<ServerRow> currentRows, Settling settling) {
        Objects.requireNonNull(settling, "settling");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(currentRows, "currentRows");

        Map<Integer, List<ServerRow>> currentByHostgroup = new HashMap<>();
        List<ServerRow> currentManaged = new ArrayList<>(currentRows.size());
        for (ServerRow row : currentRows) {
            if (map.manages(row.hostgroupId())) {
                currentManaged.add(row);
                currentByHostgroup.computeIfAbsent(row.hostgroupId(), k -> new ArrayList<>()).add(row);
            }
        }

        Set<Instance> quarantined = view.quarantined();
        Map<SchemaName, List<Member>> bySchema = new HashMap<>();
        Set<SchemaName> unknown = new HashSet<>();
        int skippedQuarantined = 0;
        for (Member member : view.members()) {
            if (map.schema(member.schema()).isEmpty()) {
                unknown.add(member.schema());
            } else if (quarantined.contains(member.instance())) {
                skippedQuarantined++;
            } else {
                bySchema.computeIfAbsent(member.schema(), k -> new ArrayList<>()).add(member);
            }
        }

        List<ServerRow> desired = new ArrayList<>(view.members().size() + 16);
        Map<SchemaName, SchemaVerdict> verdicts = new HashMap<>();
        int skippedUnmapped = 0;
        for (Map.Entry<SchemaName, SchemaHostgroups> entry : map.schemas().entrySet()) {
            SchemaName schema = entry.getKey();
            SchemaHostgroups hostgroups = entry.getValue();
            SchemaRows part = schemaRows(schema, hostgroups, bySchema.getOrDefault(schema, List.of()));
            verdicts.put(schema, part.verdict());
            if (part.verdict().guard().refuses()) {
                for (int hg : hostgroups.all()) {
                    desired.addAll(currentByHostgroup.getOrDefault(hg, List.of()));
                }
                continue;
            }
            desired.addAll(part.rows());
            skippedUnmapped += part.skippedUnmapped();
        }
        List<RowKey> held = settling.holdRemovals()
                ? holdAbsent(view, settling.seen(), bySchema, verdicts, currentManaged, desired) : List.of();
        desired.sort(null);

        MassRemoval massRemoval = massRemoval(currentManaged, currentByHostgroup, desired, view);
        List<ServerRow> finalRows = desired;
        RowDiff diff;
        if (massRemoval != null) {
            finalRows = new ArrayList<>(currentManaged);
            finalRows.sort(null);
            diff = RowDiff.none();
        } else {
            diff = RowDiff.between(currentManaged, desired);
        }
        return new Plan(finalRows, diff, verdicts, massRemoval, unknown, skippedQuarantined, skippedUnmapped,
                PlanDigest.of(finalRows), held, WriterDrain.rowsToDrain(map, currentManaged, diff));
    }

    /**
     * What one mapped schema contributes when its change is not refused: its verdict, its rows (one per hostgroup and
     * instance, in member order) and how many members were skipped because their role has no hostgroup. The rule of
     * a schema's rows lives here and nowhere else ({@link IncrementalPlanner} calls it too). {@code members}: the
     * schema's non-quarantined registrations, in view order.
     */
    SchemaRows schemaRows(SchemaName schema, SchemaHostgroups hostgroups, List<Member> members) {
        SchemaVerdict verdict = verdict(schema, hostgroups, members);
        if (verdict.guard().refuses()) {
            return new SchemaRows(verdict, List.of(), 0);
        }
        List<ServerRow> rows = new ArrayList<>(members.size() + 1);
        int skippedUnmapped = 0;
        String[] comments = new String[Role.values().length];
        boolean[] hasLocal = localRoles(members);
        // One row per (hostgroup, instance): a duplicate registration must not become a duplicate key.
        Set<RowKey> seen = members.size() > 1 ? new HashSet<>(members.size() * 2) : null;
        for (Member member : members) {
            OptionalInt hostgroup = hostgroups.hostgroup(member.role());
            if (hostgroup.isEmpty()) {
                skippedUnmapped++;
                continue;
            }
            int r = member.role().ordinal();
            if (comments[r] == null) {
                comments[r] = comment(schema, member.role());
            }
            ServerRow row;
            boolean remoteReplica = !member.role().isPrimary() && !isLocal(member);
            RemoteReads remote = defaults.of(member.role()).remote();
            if (remoteReplica && remote.mode() == RemoteReads.Mode.HOSTGROUP) {
                // Always in the remote hostgroup; in the role's hostgroup too during the fallback.
                ServerRow away = row(hostgroups.remoteHostgroup(member.role()).orElseThrow(), member,
                        comment(schema, member.role(), true));
                if (seen == null || seen.add(away.key())) {
                    rows.add(away);
                }
                if (hasLocal[r]) {
                    continue;
                }
                row = row(hostgroup.getAsInt(), member, comments[r]);
            } else if (hasLocal[r] && remoteReplica) {
                if (remote.mode() == RemoteReads.Mode.EXCLUDE) {
                    continue;
                }
                row = ServerRow.online(hostgroup.getAsInt(), member.instance(), remote.weight(),
                        maxConnections(member), comments[r]);
            } else {
                row = row(hostgroup.getAsInt(), member, comments[r]);
            }
            if (seen == null || seen.add(row.key())) {
                rows.add(row);
            }
        }
        return new SchemaRows(verdict, rows, skippedUnmapped);
    }

    /** One schema's part of a plan (see {@link #schemaRows}). */
    record SchemaRows(SchemaVerdict verdict, List<ServerRow> rows, int skippedUnmapped) {
    }

    /**
     * Adds to {@code desired} the current rows whose removal rests only on an absence, and returns their keys.
     * The rule of the settle window lives here and nowhere else.
     */
    private List<RowKey> holdAbsent(View view, Set<Settling.Server> seen, Map<SchemaName, List<Member>> bySchema,
            Map<SchemaName, SchemaVerdict> verdicts, List<ServerRow> currentManaged, List<ServerRow> desired) {
        Set<RowKey> wanted = new HashSet<>(desired.size() * 2);
        Set<Integer> hostgroupsWithRows = new HashSet<>();
        for (ServerRow row : desired) {
            wanted.add(row.key());
            hostgroupsWithRows.add(row.hostgroupId());
        }
        Set<HostPort> quarantined = new HashSet<>();
        for (Instance instance : view.quarantined()) {
            quarantined.add(new HostPort(instance.host(), instance.port()));
        }
        Map<SchemaName, Set<HostPort>> registered = new HashMap<>();
        bySchema.forEach((schema, members) -> {
            Set<HostPort> servers = new HashSet<>(members.size() * 2);
            members.forEach(m -> servers.add(new HostPort(m.instance().host(), m.instance().port())));
            registered.put(schema, servers);
        });
        List<RowKey> held = new ArrayList<>();
        for (ServerRow row : currentManaged) {
            if (wanted.contains(row.key())) {
                continue;
            }
            HostgroupMap.Slot slot = map.slot(row.hostgroupId()).orElseThrow();
            SchemaVerdict verdict = verdicts.get(slot.schema());
            if (verdict != null && verdict.guard().refuses()) {
                continue; // already kept whole by the double-primary guard
            }
            if (removalWaits(row, slot, hostgroupsWithRows.contains(row.hostgroupId()),
                    registered.getOrDefault(slot.schema(), Set.of()), quarantined, seen)) {
                desired.add(row);
                held.add(row.key());
            }
        }
        held.sort(null);
        return held;
    }

    /**
     * The settle window's rule for one current row the plan no longer wants: true when its removal rests only on an
     * absence and waits. A fact applies at once: the server is quarantined, registered in the schema under another
     * role, replaced as the writer (its hostgroup keeps other rows), or seen since the window opened and gone now.
     */
    boolean removalWaits(ServerRow row, HostgroupMap.Slot slot, boolean hostgroupKeepsRows,
            Set<HostPort> registeredInSchema, Set<HostPort> quarantined, Set<Settling.Server> seen) {
        HostPort server = row.hostPort();
        boolean roleChanged = registeredInSchema.contains(server);
        boolean replacedWriter = slot.role().isPrimary() && hostgroupKeepsRows;
        boolean goneSinceSeen = seen.contains(new Settling.Server(slot.schema(), server));
        return !(quarantined.contains(server) || roleChanged || replacedWriter || goneSinceSeen);
    }

    private static SchemaVerdict verdict(SchemaName schema, SchemaHostgroups hostgroups, List<Member> members) {
        Set<Instance> primaries = new TreeSet<>();
        for (Member member : members) {
            if (member.role().isPrimary()) {
                primaries.add(member.instance());
            }
        }
        SchemaGuard guard;
        if (hostgroups.primary() == null) {
            guard = SchemaGuard.OK; // the sync does not route this schema's writes: nothing to guard
        } else if (primaries.size() > 1) {
            guard = SchemaGuard.DOUBLE_PRIMARY;
        } else if (primaries.isEmpty()) {
            guard = SchemaGuard.NO_PRIMARY;
        } else {
            guard = SchemaGuard.OK;
        }
        return new SchemaVerdict(schema, guard, List.copyOf(primaries));
    }

    /** A reader role of a schema routed to remote replicas only, since none is registered in this datacenter. */
    public record RemoteFallback(SchemaName schema, Role role) implements Comparable<RemoteFallback> {
        @Override
        public int compareTo(RemoteFallback other) {
            int bySchema = schema.value().compareTo(other.schema.value());
            return bySchema != 0 ? bySchema : role.compareTo(other.role);
        }

        @Override
        public String toString() {
            return schema.value() + "/" + role.token();
        }
    }

    /**
     * The (schema, reader role) pairs of mapped schemas that read from other datacenters right now: remote replicas
     * registered, none here (quarantined ones do not count). Empty without a datacenter. Sorted.
     */
    public List<RemoteFallback> remoteFallbacks(View view) {
        if (datacenter == null) {
            return List.of();
        }
        Set<Instance> quarantined = view.quarantined();
        Map<RemoteFallback, Boolean> hasLocal = new java.util.TreeMap<>();
        for (Member member : view.members()) {
            if (member.role().isPrimary() || map.schema(member.schema()).isEmpty()
                    || map.schema(member.schema()).get().hostgroup(member.role()).isEmpty()
                    || quarantined.contains(member.instance())) {
                continue;
            }
            hasLocal.merge(new RemoteFallback(member.schema(), member.role()), isLocal(member), Boolean::logicalOr);
        }
        List<RemoteFallback> fallbacks = new ArrayList<>();
        hasLocal.forEach((pair, local) -> {
            if (!local) {
                fallbacks.add(pair);
            }
        });
        return fallbacks;
    }

    /** Per role (by ordinal): whether a member of that role is in this planner's datacenter; all false without one. */
    private boolean[] localRoles(List<Member> members) {
        boolean[] local = new boolean[Role.values().length];
        if (datacenter != null) {
            for (Member member : members) {
                if (isLocal(member)) {
                    local[member.role().ordinal()] = true;
                }
            }
        }
        return local;
    }

    private boolean isLocal(Member member) {
        return datacenter == null || datacenter.equals(member.datacenter());
    }

    private ServerRow row(int hostgroup, Member member, String comment) {
        RoleDefaults.ServerDefaults fallback = defaults.of(member.role());
        int weight = member.weight() > 0 ? member.weight() : fallback.weight();
        return ServerRow.online(hostgroup, member.instance(), weight, maxConnections(member), comment);
    }

    private int maxConnections(Member member) {
        return member.maxConnections() > 0 ? member.maxConnections() : defaults.of(member.role()).maxConnections();
    }

    private MassRemoval massRemoval(List<ServerRow> current, Map<Integer, List<ServerRow>> currentByHostgroup,
            List<ServerRow> desired, View view) {
        if (current.isEmpty()) {
            return null;
        }
        Set<HostPort> now = new HashSet<>(current.size() * 2);
        for (ServerRow row : current) {
            now.add(row.hostPort());
        }
        Set<HostPort> after = new HashSet<>(desired.size() * 2);
        for (ServerRow row : desired) {
            after.add(row.hostPort());
        }
        List<HostPort> removed = new ArrayList<>();
        for (HostPort server : now) {
            if (!after.contains(server)) {
                removed.add(server);
            }
        }
        Map<Integer, List<ServerRow>> desiredByHostgroup = new HashMap<>();
        for (List<ServerRow> run : ServerRow.hostgroupRuns(desired)) {
            desiredByHostgroup.put(run.get(0).hostgroupId(), run);
        }
        Set<HostPort> excused = quarantinedServers(view);
        for (Map.Entry<Integer, List<ServerRow>> entry : currentByHostgroup.entrySet()) {
            if (writerHostgroup(entry.getKey())) {
                replacedWriters(entry.getValue(), desiredByHostgroup.getOrDefault(entry.getKey(), List.of()),
                        excused);
            }
        }
        return massRemoval(now.size(), removed, excused, after.isEmpty());
    }

    /**
     * The quarantined servers, as rows name them: their removal is an instruction (a failover's hook, an operator),
     * not a registration gone missing, so a mass removal does not count it. Counted, the no-primary gap of a failover
     * in a 3-server cluster (the old primary quarantined, the new one between its replica and its primary
     * registration) was "2 of 3 removed": refused, and paged, for the 40 ms until the new primary registered.
     */
    static Set<HostPort> quarantinedServers(View view) {
        Set<HostPort> servers = new HashSet<>();
        for (Instance instance : view.quarantined()) {
            servers.add(new HostPort(instance.host(), instance.port()));
        }
        return servers;
    }

    /** True for a schema's writer hostgroup (its primary's). */
    boolean writerHostgroup(int hostgroup) {
        return map.slot(hostgroup).map(slot -> slot.role().isPrimary() && !slot.remote()).orElse(false);
    }

    /**
     * Adds to {@code into} the servers a writer hostgroup loses to another server: {@code now} and {@code want} are
     * that hostgroup's rows before and after the plan. Such a removal is a failover (the old primary out, the new one
     * in), never part of a mass removal: a discovery outage takes registrations away, it does not bring a new
     * primary. Counted, a failover at a moment when only the primary is routed (its replicas briefly out after a
     * repoint) was "1 of 1 servers removed" and was refused until someone intervened (e2e returning-primary scenario).
     */
    static void replacedWriters(List<ServerRow> now, List<ServerRow> want, Set<HostPort> into) {
        if (want.isEmpty()) {
            return; // no successor: the gap of a failover, or an outage
        }
        Set<HostPort> staying = new HashSet<>();
        for (ServerRow row : want) {
            staying.add(row.hostPort());
        }
        for (ServerRow row : now) {
            if (!staying.contains(row.hostPort())) {
                into.add(row.hostPort());
            }
        }
    }

    /**
     * The mass-removal rule, given the distinct servers in the managed hostgroups now, those the plan removes from
     * every one of them, those whose removal rests on a fact and is not counted (quarantined:
     * {@link #quarantinedServers}; an old primary its writer hostgroup loses to a new one: {@link #replacedWriters}),
     * and whether none would be left. Null when the plan may go ahead.
     */
    MassRemoval massRemoval(int serversNow, List<HostPort> removed, Set<HostPort> excused, boolean noneLeft) {
        List<HostPort> counted = removed;
        if (!excused.isEmpty()) {
            counted = new ArrayList<>(removed.size());
            for (HostPort server : removed) {
                if (!excused.contains(server)) {
                    counted.add(server);
                }
            }
        }
        // An empty plan over a populated ProxySQL is refused even with a limit of 100 %: it is never a failover.
        boolean refuse = noneLeft || counted.size() > massRemovalFraction * serversNow;
        if (!refuse) {
            return null;
        }
        List<HostPort> sorted = new ArrayList<>(counted);
        sorted.sort(java.util.Comparator.comparing(HostPort::toString));
        return new MassRemoval(sorted.size(), serversNow, massRemovalFraction,
                sorted.subList(0, Math.min(SAMPLE, sorted.size())));
    }
}
