package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * Datacenter-aware reads, every combination: role × remote mode × local replica healthy or not × remote replica
 * healthy or not. The sync runs in {@code east}; "healthy" means registered (an unhealthy replica's health agent has
 * removed its registration). orders: writer 10, replica 11, reporting-replica 12; in {@code hostgroup} mode also
 * replica-remote 13, reporting-replica-remote 14.
 */
class DatacenterPlannerTest {
    static final HostgroupMap MAP = new HostgroupMap(Map.of(SchemaName.of("orders"), new SchemaHostgroups(10, 11, 12)));
    static final HostgroupMap REMOTE_MAP = new HostgroupMap(Map.of(SchemaName.of("orders"),
            new SchemaHostgroups(10, 11, 12, 13, 14)));
    /** The primary lives in the other datacenter in every case: the writer hostgroup always has it. */
    static final Member PRIMARY = Member.of("orders", Role.PRIMARY, "p:3306").in("west");

    static RoleDefaults defaults(RemoteReads replica, RemoteReads reporting) {
        return new RoleDefaults(Map.of(
                Role.PRIMARY, new RoleDefaults.ServerDefaults(1000, 500),
                Role.REPLICA, new RoleDefaults.ServerDefaults(100, 300, replica),
                Role.REPORTING_REPLICA, new RoleDefaults.ServerDefaults(10, 50, reporting)));
    }

    static final RemoteReads WEIGHT_5 = new RemoteReads(RemoteReads.Mode.WEIGHT, 5);
    static final RemoteReads EXCLUDE = new RemoteReads(RemoteReads.Mode.EXCLUDE, 1);
    static final RemoteReads HOSTGROUP = new RemoteReads(RemoteReads.Mode.HOSTGROUP, 1);

    static RemoteReads policy(RemoteReads.Mode mode) {
        return switch (mode) {
            case WEIGHT -> WEIGHT_5;
            case EXCLUDE -> EXCLUDE;
            case HOSTGROUP -> HOSTGROUP;
        };
    }

    static Planner planner(RemoteReads.Mode mode, String datacenter) {
        RemoteReads policy = policy(mode);
        return new Planner(mode == RemoteReads.Mode.HOSTGROUP ? REMOTE_MAP : MAP, defaults(policy, policy), 0.5,
                datacenter);
    }

    /**
     * @param expected reader rows as "hostgroup host weight"; the writer row "10 p 1000" is always expected too
     */
    record Case(Role role, RemoteReads.Mode mode, boolean localHealthy, boolean remoteHealthy, List<String> expected) {
        @Override
        public String toString() {
            return role.token() + " " + mode.token() + " local " + (localHealthy ? "healthy" : "unhealthy")
                    + " remote " + (remoteHealthy ? "healthy" : "unhealthy");
        }
    }

    static Stream<Arguments> cases() {
        var W = RemoteReads.Mode.WEIGHT;
        var X = RemoteReads.Mode.EXCLUDE;
        var H = RemoteReads.Mode.HOSTGROUP;
        var R = Role.REPLICA;
        var RR = Role.REPORTING_REPLICA;
        return Stream.of(
                // replica (default weight 100, remote weight 5)
                new Case(R, W, true, true, List.of("11 l 100", "11 r 5")),
                new Case(R, W, true, false, List.of("11 l 100")),
                new Case(R, W, false, true, List.of("11 r 100")), // fallback: routed like a local one
                new Case(R, W, false, false, List.of()),
                new Case(R, X, true, true, List.of("11 l 100")),
                new Case(R, X, true, false, List.of("11 l 100")),
                new Case(R, X, false, true, List.of("11 r 100")), // fallback: exclude lets remote in
                new Case(R, X, false, false, List.of()),
                // reporting-replica (default weight 10, remote weight 5)
                new Case(RR, W, true, true, List.of("12 l 10", "12 r 5")),
                new Case(RR, W, true, false, List.of("12 l 10")),
                new Case(RR, W, false, true, List.of("12 r 10")),
                new Case(RR, W, false, false, List.of()),
                new Case(RR, X, true, true, List.of("12 l 10")),
                new Case(RR, X, true, false, List.of("12 l 10")),
                new Case(RR, X, false, true, List.of("12 r 10")),
                new Case(RR, X, false, false, List.of()),
                // hostgroup mode: remote ones always in the remote hostgroup (13, 14) with the local weight
                new Case(R, H, true, true, List.of("11 l 100", "13 r 100")),
                new Case(R, H, true, false, List.of("11 l 100")),
                new Case(R, H, false, true, List.of("11 r 100", "13 r 100")), // fallback: in both
                new Case(R, H, false, false, List.of()),
                new Case(RR, H, true, true, List.of("12 l 10", "14 r 10")),
                new Case(RR, H, true, false, List.of("12 l 10")),
                new Case(RR, H, false, true, List.of("12 r 10", "14 r 10")),
                new Case(RR, H, false, false, List.of()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads_prefer_the_local_datacenter_and_fall_back_to_remote_replicas(Case c) {
        Planner planner = planner(c.mode(), "east");
        List<Member> members = new ArrayList<>(List.of(PRIMARY));
        if (c.localHealthy()) {
            members.add(Member.of("orders", c.role(), "l:3306").in("east"));
        }
        if (c.remoteHealthy()) {
            members.add(Member.of("orders", c.role(), "r:3306").in("west"));
        }
        Plan plan = planner.plan(new View(members, Set.of()), List.of());

        List<String> expected = new ArrayList<>(c.expected());
        expected.add("10 p 1000");
        assertThat(rows(plan)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void without_a_datacenter_the_sync_routes_every_replica_as_today(Case c) {
        Planner aware = planner(c.mode(), null);
        Planner today = new Planner(MAP, defaults(RemoteReads.DEFAULT, RemoteReads.DEFAULT), 0.5);
        List<Member> members = new ArrayList<>(List.of(PRIMARY));
        if (c.localHealthy()) {
            members.add(Member.of("orders", c.role(), "l:3306").in("east"));
        }
        if (c.remoteHealthy()) {
            members.add(Member.of("orders", c.role(), "r:3306").in("west"));
        }
        View view = new View(members, Set.of());

        assertThat(aware.plan(view, List.of()).desired()).isEqualTo(today.plan(view, List.of()).desired());
        assertThat(aware.plan(view, List.of()).desired()).hasSize(1 + members.size() - 1);
    }

    @Test
    void the_primary_is_routed_wherever_it_is_even_with_exclude() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east")), Set.of());

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "11 l 100");
    }

    @Test
    void a_replica_naming_no_datacenter_is_remote() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "n:3306")), Set.of());

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "11 l 100");
    }

    @Test
    void datacenters_match_exactly_not_by_case() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "c:3306").in("EAST")), Set.of());

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "11 l 100");
    }

    @Test
    void a_quarantined_local_replica_does_not_count_as_local() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "r:3306").in("west")), Set.of(Instance.parse("l:3306")));

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "11 r 100");
    }

    @Test
    void a_local_reporting_replica_does_not_keep_remote_replicas_out() {
        // The fallback is per schema and role: a local reporting-replica is no local replica.
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPORTING_REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "r:3306").in("west")), Set.of());

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "12 l 10", "11 r 100");
    }

    @Test
    void a_remote_replica_gets_the_remote_weight_whatever_its_registration_says() {
        Planner planner = new Planner(MAP, defaults(WEIGHT_5, WEIGHT_5), 0.5, "east");
        Member heavy = new Member(SchemaName.of("orders"), Role.REPLICA, Instance.parse("r:3306"), 9000, 77, "west");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"), heavy),
                Set.of());

        ServerRow remote = planner.plan(view, List.of()).desired().stream()
                .filter(row -> row.hostname().equals("r")).findFirst().orElseThrow();
        assertThat(remote.weight()).isEqualTo(5);
        assertThat(remote.maxConnections()).isEqualTo(77);
    }

    @Test
    void when_the_local_replica_comes_back_the_remote_one_leaves_again() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        Member local = Member.of("orders", Role.REPLICA, "l:3306").in("east");
        Member remote = Member.of("orders", Role.REPLICA, "r:3306").in("west");
        Plan fallback = planner.plan(new View(List.of(PRIMARY, remote), Set.of()), List.of());
        Plan back = planner.plan(new View(List.of(PRIMARY, local, remote), Set.of()), fallback.desired());

        assertThat(rows(back)).containsExactlyInAnyOrder("10 p 1000", "11 l 100");
        assertThat(back.massRemoval()).isNull();
    }

    @Test
    void a_datacenter_that_is_empty_or_too_long_is_refused() {
        assertThatThrownBy(() -> new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, ""))
                .hasMessageContaining("datacenter");
        assertThatThrownBy(() -> new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "d".repeat(129)))
                .hasMessageContaining("datacenter");
        assertThatThrownBy(() -> Member.of("orders", Role.REPLICA, "l:3306").in("d".repeat(129)))
                .hasMessageContaining("datacenter");
        assertThatThrownBy(() -> new RemoteReads(RemoteReads.Mode.WEIGHT, 0)).hasMessageContaining("weight");
        assertThatThrownBy(() -> RemoteReads.Mode.fromToken("nearest")).hasMessageContaining("weight, exclude");
    }

    @Test
    void the_pairs_reading_remote_only_are_named_for_logs_and_metrics() {
        Planner planner = new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5, "east");
        View view = new View(List.of(PRIMARY,
                Member.of("orders", Role.REPLICA, "r:3306").in("west"),
                Member.of("orders", Role.REPORTING_REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPORTING_REPLICA, "r2:3306").in("west"),
                Member.of("billing", Role.REPLICA, "x:3306").in("west")), Set.of()); // billing: not mapped

        assertThat(planner.remoteFallbacks(view)).extracting(Object::toString).containsExactly("orders/replica");
        assertThat(new Planner(MAP, defaults(EXCLUDE, EXCLUDE), 0.5).remoteFallbacks(view)).isEmpty();
    }

    @Test
    void a_quarantined_local_replica_leaves_its_pair_reading_remote() {
        Planner planner = new Planner(MAP, defaults(WEIGHT_5, WEIGHT_5), 0.5, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "r:3306").in("west")), Set.of(Instance.parse("l:3306")));

        assertThat(planner.remoteFallbacks(view)).extracting(Object::toString).containsExactly("orders/replica");
    }

    @Test
    void in_hostgroup_mode_a_remote_row_keeps_its_registration_weight_and_says_remote_in_its_comment() {
        Planner planner = planner(RemoteReads.Mode.HOSTGROUP, "east");
        Member heavy = new Member(SchemaName.of("orders"), Role.REPLICA, Instance.parse("r:3306"), 9000, 77, "west");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"), heavy),
                Set.of());

        ServerRow remote = planner.plan(view, List.of()).desired().stream()
                .filter(row -> row.hostname().equals("r")).findFirst().orElseThrow();
        assertThat(remote.hostgroupId()).isEqualTo(13);
        assertThat(remote.weight()).isEqualTo(9000);
        assertThat(remote.maxConnections()).isEqualTo(77);
        assertThat(remote.comment()).isEqualTo("mysql-discovery:orders/replica-remote");
    }

    @Test
    void in_hostgroup_mode_a_returning_local_replica_takes_the_remote_one_out_of_the_role_hostgroup_only() {
        Planner planner = planner(RemoteReads.Mode.HOSTGROUP, "east");
        Member local = Member.of("orders", Role.REPLICA, "l:3306").in("east");
        Member remote = Member.of("orders", Role.REPLICA, "r:3306").in("west");
        Plan fallback = planner.plan(new View(List.of(PRIMARY, remote), Set.of()), List.of());
        Plan back = planner.plan(new View(List.of(PRIMARY, local, remote), Set.of()), fallback.desired());

        assertThat(rows(fallback)).containsExactlyInAnyOrder("10 p 1000", "11 r 100", "13 r 100");
        assertThat(rows(back)).containsExactlyInAnyOrder("10 p 1000", "11 l 100", "13 r 100");
        assertThat(back.diff().deletes()).extracting(RowKey::hostgroupId).containsExactly(11);
        assertThat(back.massRemoval()).isNull();
    }

    @Test
    void a_remote_replica_that_goes_leaves_the_remote_hostgroup() {
        Planner planner = planner(RemoteReads.Mode.HOSTGROUP, "east");
        Member local = Member.of("orders", Role.REPLICA, "l:3306").in("east");
        Member remote = Member.of("orders", Role.REPLICA, "r:3306").in("west");
        Member remote2 = Member.of("orders", Role.REPLICA, "r2:3306").in("west");
        Plan before = planner.plan(new View(List.of(PRIMARY, local, remote, remote2), Set.of()), List.of());
        Plan after = planner.plan(new View(List.of(PRIMARY, local, remote2), Set.of()), before.desired());

        assertThat(rows(after)).containsExactlyInAnyOrder("10 p 1000", "11 l 100", "13 r2 100");
        assertThat(after.massRemoval()).isNull();
    }

    @Test
    void a_quarantined_remote_replica_is_in_no_hostgroup() {
        Planner planner = planner(RemoteReads.Mode.HOSTGROUP, "east");
        View view = new View(List.of(PRIMARY, Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "r:3306").in("west")), Set.of(Instance.parse("r:3306")));

        assertThat(rows(planner.plan(view, List.of()))).containsExactlyInAnyOrder("10 p 1000", "11 l 100");
    }

    @Test
    void a_double_primary_keeps_the_remote_hostgroup_as_it_is_too() {
        Planner planner = planner(RemoteReads.Mode.HOSTGROUP, "east");
        List<ServerRow> current = planner.plan(new View(List.of(PRIMARY,
                Member.of("orders", Role.REPLICA, "l:3306").in("east"),
                Member.of("orders", Role.REPLICA, "r:3306").in("west")), Set.of()), List.of()).desired();
        View twoPrimaries = new View(List.of(PRIMARY, Member.of("orders", Role.PRIMARY, "q:3306").in("east")),
                Set.of());

        Plan plan = planner.plan(twoPrimaries, current);
        assertThat(plan.desired()).containsExactlyInAnyOrderElementsOf(current);
        assertThat(plan.diff().isEmpty()).isTrue();
    }

    @Test
    void the_hostgroup_mode_and_the_remote_hostgroups_must_agree() {
        assertThatThrownBy(() -> new Planner(MAP, defaults(HOSTGROUP, EXCLUDE), 0.5, "east"))
                .hasMessageContaining("orders.replica-remote: is required");
        assertThatThrownBy(() -> new Planner(MAP, defaults(EXCLUDE, HOSTGROUP), 0.5, "east"))
                .hasMessageContaining("orders.reporting-replica-remote: is required");
        assertThatThrownBy(() -> new Planner(REMOTE_MAP, defaults(WEIGHT_5, HOSTGROUP), 0.5, "east"))
                .hasMessageContaining("orders.replica-remote: is only used with defaults.replica.remote.mode hostgroup");
        // A schema that does not route the role needs no remote hostgroup for it.
        new Planner(new HostgroupMap(Map.of(SchemaName.of("users"), new SchemaHostgroups(20, null, null))),
                defaults(HOSTGROUP, HOSTGROUP), 0.5, "east");
    }

    @Test
    void a_remote_hostgroup_is_owned_once_and_needs_its_role_hostgroup() {
        assertThat(REMOTE_MAP.managedHostgroups()).containsExactly(10, 11, 12, 13, 14);
        assertThat(REMOTE_MAP.slot(13)).hasValue(new HostgroupMap.Slot(SchemaName.of("orders"), Role.REPLICA, true));
        assertThat(REMOTE_MAP.slot(11)).hasValue(new HostgroupMap.Slot(SchemaName.of("orders"), Role.REPLICA, false));
        assertThatThrownBy(() -> new HostgroupMap(Map.of(SchemaName.of("orders"), new SchemaHostgroups(10, 11, 12, 11,
                null)))).hasMessageContaining("orders.replica-remote: hostgroup 11 is already used by orders.replica");
        assertThatThrownBy(() -> new HostgroupMap(Map.of(SchemaName.of("a"), new SchemaHostgroups(10, 11, null, 13,
                null), SchemaName.of("b"), new SchemaHostgroups(13, null, null))))
                .hasMessageContaining("hostgroup 13 is already used by");
        assertThatThrownBy(() -> new SchemaHostgroups(10, null, 12, 13, null))
                .hasMessageContaining("replica-remote: needs replica");
        assertThatThrownBy(() -> new SchemaHostgroups(10, 11, null, null, 14))
                .hasMessageContaining("reporting-replica-remote: needs reporting-replica");
        assertThatThrownBy(() -> new SchemaHostgroups(10, 11, 12, -1, null))
                .hasMessageContaining("replica-remote: hostgroup -1 is negative");
    }

    static List<String> rows(Plan plan) {
        return plan.desired().stream().map(row -> row.hostgroupId() + " " + row.hostname() + " " + row.weight())
                .toList();
    }
}
