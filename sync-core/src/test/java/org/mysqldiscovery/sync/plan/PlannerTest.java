package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

class PlannerTest {
    /** orders: 10 writer, 11 reader, 12 reporting; users: 20 writer, 21 reader (no reporting hostgroup). */
    static final HostgroupMap MAP = new HostgroupMap(Map.of(
            SchemaName.of("orders"), new SchemaHostgroups(10, 11, 12),
            SchemaName.of("users"), new SchemaHostgroups(20, 21, null)));
    static final RoleDefaults DEFAULTS = new RoleDefaults(Map.of(
            Role.PRIMARY, new RoleDefaults.ServerDefaults(1000, 500),
            Role.REPLICA, new RoleDefaults.ServerDefaults(100, 300),
            Role.REPORTING_REPLICA, new RoleDefaults.ServerDefaults(10, 50)));
    static final Planner PLANNER = new Planner(MAP, DEFAULTS, 0.5);

    /** users, healthy, in the view and in ProxySQL: most cases keep it so that only orders changes. */
    static final List<String> USERS_VIEW = List.of("users/primary/u1:3306", "users/replica/u2:3306");
    static final List<String> USERS_ROWS = List.of("20 u1:3306", "21 u2:3306");

    /**
     * One planning case.
     *
     * @param view         registrations as schema/role/host:port (optionally "…=weight,maxConnections")
     * @param quarantined  quarantined instances
     * @param current      rows in ProxySQL as "hostgroup host:port" (shaped as the sync writes them)
     * @param expected     desired rows afterwards
     * @param guards       expected non-ok schema guards
     * @param massRemoval  whether the whole plan is refused
     * @param unknown      schemas expected to be reported unknown
     */
    record Case(String name, List<String> view, List<String> quarantined, List<String> current,
            List<String> expected, Map<String, SchemaGuard> guards, boolean massRemoval, Set<String> unknown) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("new primary in an empty ProxySQL",
                        with(USERS_VIEW, "orders/primary/a:3306"), List.of(), List.of(),
                        with(USERS_ROWS, "10 a:3306"), Map.of(), false, Set.of()),
                new Case("replica added",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306", "orders/replica/c:3306"),
                        List.of(), with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"), Map.of(), false, Set.of()),
                new Case("replica removed",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"), Map.of(), false, Set.of()),
                new Case("role moved from replica to reporting-replica",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/reporting-replica/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 a:3306", "12 b:3306"), Map.of(), false, Set.of()),
                new Case("quarantined replica is not routed",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306", "orders/replica/c:3306"),
                        List.of("c:3306"), with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"), Map.of(), false, Set.of()),
                new Case("quarantined old primary still registered does not make a double primary",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/primary/b:3306", "orders/replica/c:3306"),
                        List.of("a:3306"), with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 b:3306", "11 c:3306"), Map.of(), false, Set.of()),
                new Case("quarantine keyed by a different spelling does not match",
                        with(USERS_VIEW, "orders/primary/a.example:3306"), List.of("a:3306"), List.of(),
                        with(USERS_ROWS, "10 a.example:3306"), Map.of(), false, Set.of()),
                new Case("unknown schema is ignored and reported",
                        with(USERS_VIEW, "orders/primary/a:3306", "billing/primary/x:3306",
                                "billing/replica/y:3306"), List.of(), with(USERS_ROWS, "10 a:3306"),
                        with(USERS_ROWS, "10 a:3306"), Map.of(), false, Set.of("billing")),
                new Case("double primary is refused for that schema only",
                        with(List.of("users/primary/u1:3306", "users/replica/u2:3306", "users/replica/u3:3306"),
                                "orders/primary/a:3306", "orders/primary/b:3306", "orders/replica/c:3306"),
                        List.of(), with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "21 u3:3306", "10 a:3306", "11 b:3306"),
                        Map.of("orders", SchemaGuard.DOUBLE_PRIMARY), false, Set.of()),
                new Case("mass removal refuses the whole plan",
                        List.of("orders/primary/a:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        Map.of("users", SchemaGuard.NO_PRIMARY), true, Set.of()),
                new Case("failover gap empties the writer hostgroup and is applied",
                        with(USERS_VIEW, "orders/replica/b:3306", "orders/replica/c:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "11 b:3306", "11 c:3306"), Map.of("orders", SchemaGuard.NO_PRIMARY), false,
                        Set.of()),
                new Case("failover: old primary quarantined, replica promoted",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/primary/b:3306", "orders/replica/c:3306"),
                        List.of("a:3306"), with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 b:3306", "11 c:3306"), Map.of(), false, Set.of()),
                new Case("failover in a two-server ProxySQL removes half: not more than the limit",
                        List.of("orders/primary/b:3306"), List.of("a:3306"), List.of("10 a:3306", "11 b:3306"),
                        List.of("10 b:3306"), Map.of("users", SchemaGuard.NO_PRIMARY), false, Set.of()),
                new Case("failover while only the old primary is routed replaces it: not a mass removal",
                        List.of("orders/primary/b:3306"), List.of("a:3306"), List.of("10 a:3306"),
                        List.of("10 b:3306"), Map.of("users", SchemaGuard.NO_PRIMARY), false, Set.of()),
                new Case("failover after the old primary's registration expired replaces it as well",
                        List.of("orders/primary/b:3306", "orders/replica/c:3306"), List.of(), List.of("10 a:3306"),
                        List.of("10 b:3306", "11 c:3306"), Map.of("users", SchemaGuard.NO_PRIMARY), false, Set.of()),
                new Case("a replaced primary does not excuse the other removals of the same plan",
                        List.of("orders/primary/e:3306"), List.of(),
                        List.of("10 a:3306", "11 b:3306", "11 c:3306", "11 d:3306"),
                        List.of("10 a:3306", "11 b:3306", "11 c:3306", "11 d:3306"),
                        Map.of("users", SchemaGuard.NO_PRIMARY), true, Set.of()),
                new Case("the no-primary gap of a failover: a quarantined old primary is not counted as removed",
                        List.of("orders/replica/c:3306"), List.of("a:3306"),
                        List.of("10 a:3306", "11 b:3306", "11 c:3306"), List.of("11 c:3306"),
                        Map.of("orders", SchemaGuard.NO_PRIMARY, "users", SchemaGuard.NO_PRIMARY), false, Set.of()),
                new Case("quarantining every routed server still may not empty ProxySQL",
                        List.of("orders/primary/a:3306", "orders/replica/b:3306"), List.of("a:3306", "b:3306"),
                        List.of("10 a:3306", "11 b:3306"), List.of("10 a:3306", "11 b:3306"),
                        Map.of("orders", SchemaGuard.NO_PRIMARY, "users", SchemaGuard.NO_PRIMARY), true, Set.of()),
                new Case("the only routed primary gone without a successor is a mass removal",
                        List.of(), List.of(), List.of("10 a:3306"), List.of("10 a:3306"),
                        Map.of("orders", SchemaGuard.NO_PRIMARY, "users", SchemaGuard.NO_PRIMARY), true, Set.of()),
                new Case("empty view at start over a populated ProxySQL is a mass removal",
                        List.of(), List.of(), with(USERS_ROWS, "10 a:3306"), with(USERS_ROWS, "10 a:3306"),
                        Map.of("orders", SchemaGuard.NO_PRIMARY, "users", SchemaGuard.NO_PRIMARY), true, Set.of()),
                new Case("empty view at start over an empty ProxySQL changes nothing",
                        List.of(), List.of(), List.of(), List.of(),
                        Map.of("orders", SchemaGuard.NO_PRIMARY, "users", SchemaGuard.NO_PRIMARY), false, Set.of()),
                new Case("role without a hostgroup in the map is not routed",
                        with(USERS_VIEW, "users/reporting-replica/r:3306", "orders/primary/a:3306"), List.of(),
                        List.of(), with(USERS_ROWS, "10 a:3306"), Map.of(), false, Set.of()),
                new Case("same instance registered twice in one role yields one row",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/primary/a:3306"), List.of(), List.of(),
                        with(USERS_ROWS, "10 a:3306"), Map.of(), false, Set.of()),
                new Case("IPv6 instance is written without brackets",
                        with(USERS_VIEW, "orders/primary/[2001:db8::1]:3306"), List.of(), List.of(),
                        with(USERS_ROWS, "10 [2001:db8::1]:3306"), Map.of(), false, Set.of())
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(Case c) {
        View view = new View(c.view().stream().map(PlannerTest::member).toList(),
                c.quarantined().stream().map(Instance::parse).collect(Collectors.toSet()));
        Plan plan = PLANNER.plan(view, c.current().stream().map(PlannerTest::row).toList());

        assertThat(plan.desired()).containsExactlyElementsOf(sorted(c.expected().stream().map(PlannerTest::row)));
        Map<String, SchemaGuard> notOk = new LinkedHashMap<>();
        plan.verdicts().forEach((schema, verdict) -> {
            if (verdict.guard() != SchemaGuard.OK) {
                notOk.put(schema.value(), verdict.guard());
            }
        });
        assertThat(notOk).isEqualTo(c.guards());
        assertThat(plan.massRemovalRefusal().isPresent()).as("mass removal").isEqualTo(c.massRemoval());
        assertThat(plan.unknownSchemas().stream().map(SchemaName::value).collect(Collectors.toSet()))
                .isEqualTo(c.unknown());
        // The diff turns current into desired, exactly.
        List<ServerRow> applied = applyDiff(c.current().stream().map(PlannerTest::row).toList(), plan.diff());
        assertThat(sorted(applied.stream())).containsExactlyElementsOf(plan.desired());
        assertThat(plan.complete()).isEqualTo(!c.massRemoval() && !c.guards().containsValue(SchemaGuard.DOUBLE_PRIMARY));
    }

    @Test
    void registration_weight_and_max_connections_win_over_role_defaults() {
        View view = new View(List.of(
                new Member(SchemaName.of("orders"), Role.PRIMARY, Instance.parse("a:3306"), 50, 200),
                new Member(SchemaName.of("orders"), Role.REPLICA, Instance.parse("b:3306"), 0, 0),
                new Member(SchemaName.of("orders"), Role.REPORTING_REPLICA, Instance.parse("c:3306"), 7, 0)),
                Set.of());
        Plan plan = PLANNER.plan(view, List.of());
        assertThat(plan.desired()).extracting(ServerRow::hostname, ServerRow::weight, ServerRow::maxConnections)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 50, 200),
                        org.assertj.core.groups.Tuple.tuple("b", 100, 300),
                        org.assertj.core.groups.Tuple.tuple("c", 7, 50));
    }

    @Test
    void rows_are_online_with_a_non_null_comment_naming_schema_and_role() {
        Plan plan = PLANNER.plan(new View(List.of(member("orders/replica/b:3306")), Set.of()), List.of());
        ServerRow row = plan.desired().get(0);
        assertThat(row.status()).isEqualTo("ONLINE");
        assertThat(row.comment()).isEqualTo("mysql-discovery:orders/replica");
        assertThat(row.gtidPort()).isZero();
        assertThat(row.compression()).isZero();
        assertThat(row.maxReplicationLag()).isZero();
        assertThat(row.useSsl()).isZero();
        assertThat(row.maxLatencyMs()).isZero();
    }

    @Test
    void a_hand_edited_row_is_rewritten_and_unmanaged_rows_are_ignored() {
        ServerRow edited = new ServerRow(10, "a", 3306, 0, "OFFLINE_SOFT", 1000, 0, 500, 0, 0, 0,
                "mysql-discovery:orders/primary");
        ServerRow unmanaged = new ServerRow(99, "z", 3306, 0, "ONLINE", 1, 0, 1000, 0, 0, 0, "");
        Plan plan = PLANNER.plan(new View(List.of(member("orders/primary/a:3306")), Set.of()),
                List.of(edited, unmanaged));
        assertThat(plan.desired()).containsExactly(row("10 a:3306"));
        assertThat(plan.diff().upserts()).containsExactly(row("10 a:3306"));
        assertThat(plan.diff().deletes()).isEmpty();
    }

    @Test
    void the_digest_depends_on_content_only() {
        View one = new View(List.of(member("orders/primary/a:3306"), member("orders/replica/b:3306")), Set.of());
        View other = new View(List.of(member("orders/replica/b:3306"), member("orders/primary/a:3306")), Set.of());
        assertThat(PLANNER.plan(one, List.of()).digest()).isEqualTo(PLANNER.plan(other, List.of()).digest());
        View changed = new View(List.of(member("orders/primary/a:3306")), Set.of());
        assertThat(PLANNER.plan(changed, List.of()).digest()).isNotEqualTo(PLANNER.plan(one, List.of()).digest());
    }

    @Test
    void mass_removal_is_refused_even_with_a_limit_of_one_when_everything_would_go() {
        Planner lenient = new Planner(MAP, DEFAULTS, 1.0);
        Plan plan = lenient.plan(View.empty(), List.of(row("10 a:3306"), row("11 b:3306")));
        assertThat(plan.massRemovalRefusal()).isPresent();
        assertThat(plan.massRemoval().removed()).isEqualTo(2);
        assertThat(plan.massRemoval().total()).isEqualTo(2);
        assertThat(plan.diff().isEmpty()).isTrue();
    }

    @Test
    void mass_removal_counts_distinct_servers_not_rows() {
        // b moves from reader to writer (two row changes) while a leaves: 1 of 3 servers goes.
        Plan plan = PLANNER.plan(new View(List.of(member("orders/primary/b:3306"), member("orders/replica/c:3306")),
                Set.of()), List.of(row("10 a:3306"), row("11 b:3306"), row("11 c:3306")));
        assertThat(plan.massRemovalRefusal()).isEmpty();
        assertThat(plan.diff().deletes()).hasSize(2);
    }

    @Test
    void the_map_refuses_a_hostgroup_used_twice_and_an_empty_schema() {
        assertThatThrownBy(() -> new HostgroupMap(Map.of(SchemaName.of("a"), new SchemaHostgroups(1, 2, null),
                SchemaName.of("b"), new SchemaHostgroups(2, 3, null))))
                .hasMessageContaining("hostgroup 2 is already used by a.replica");
        assertThatThrownBy(() -> new SchemaHostgroups(null, null, null)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new SchemaHostgroups(-1, null, null)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new HostgroupMap(Map.of())).hasMessageContaining("at least one schema");
        assertThatThrownBy(() -> new Planner(MAP, DEFAULTS, 0)).hasMessageContaining("massRemovalFraction");
        assertThatThrownBy(() -> new Planner(MAP, DEFAULTS, Double.NaN)).hasMessageContaining("massRemovalFraction");
    }

    // ----- helpers

    static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    static Member member(String spec) {
        String[] parts = spec.split("/", 3);
        String instance = parts[2];
        int weight = 0;
        int maxConnections = 0;
        if (instance.contains("=")) {
            String[] values = instance.substring(instance.indexOf('=') + 1).split(",");
            weight = Integer.parseInt(values[0]);
            maxConnections = Integer.parseInt(values[1]);
            instance = instance.substring(0, instance.indexOf('='));
        }
        return new Member(SchemaName.of(parts[0]), Role.fromToken(parts[1]), Instance.parse(instance), weight,
                maxConnections);
    }

    /** A row as the planner writes it for hostgroup {@code hg}: "hg host:port". */
    static ServerRow row(String spec) {
        String[] parts = spec.split(" ", 2);
        int hostgroup = Integer.parseInt(parts[0]);
        HostgroupMap.Slot slot = MAP.slot(hostgroup).orElseThrow();
        RoleDefaults.ServerDefaults d = DEFAULTS.of(slot.role());
        return ServerRow.online(hostgroup, Instance.parse(parts[1]), d.weight(), d.maxConnections(),
                Planner.comment(slot.schema(), slot.role()));
    }

    static List<ServerRow> sorted(Stream<ServerRow> rows) {
        return rows.sorted().toList();
    }

    static List<ServerRow> applyDiff(List<ServerRow> current, RowDiff diff) {
        Map<RowKey, ServerRow> rows = new LinkedHashMap<>();
        current.forEach(r -> rows.put(r.key(), r));
        diff.deletes().forEach(rows::remove);
        diff.upserts().forEach(r -> rows.put(r.key(), r));
        return new ArrayList<>(new TreeSet<>(rows.values()));
    }
}
