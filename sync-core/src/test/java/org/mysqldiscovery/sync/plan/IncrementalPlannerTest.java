package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The incremental planner must answer exactly as {@link Planner#plan} does: random walks of views (registrations
 * come, go, change role, weight or datacenter; double primaries; quarantines; unmapped schemas; duplicates) and of
 * ProxySQL rows (applied, not applied, edited by hand, unsorted, other hostgroups), compared pass by pass.
 */
class IncrementalPlannerTest {
    private static final int SCHEMAS = 6;
    private static final List<String> DATACENTERS = List.of("east", "west");

    static Stream<Arguments> planners() {
        RemoteReads weight = new RemoteReads(RemoteReads.Mode.WEIGHT, 5);
        RemoteReads exclude = new RemoteReads(RemoteReads.Mode.EXCLUDE, 1);
        RemoteReads hostgroup = new RemoteReads(RemoteReads.Mode.HOSTGROUP, 1);
        return Stream.of(
                Arguments.of("no datacenter, limit 50 %", new Planner(map(false), defaults(RemoteReads.DEFAULT), 0.5)),
                Arguments.of("east, weight", new Planner(map(false), defaults(weight), 0.5, "east")),
                Arguments.of("east, exclude, limit 100 %", new Planner(map(false), defaults(exclude), 1.0, "east")),
                Arguments.of("east, remote hostgroups", new Planner(map(true), defaults(hostgroup), 0.5, "east")),
                Arguments.of("limit 10 %", new Planner(map(false), defaults(RemoteReads.DEFAULT), 0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planners")
    void answers_exactly_as_the_full_planner_on_random_walks(String name, Planner planner) {
        for (long seed = 1; seed <= 40; seed++) {
            walk(planner, new Random(seed * 7919 + name.hashCode()), 60);
        }
    }

    @Test
    void a_change_in_one_schema_re_plans_that_schema_only() {
        Planner planner = new Planner(map(false), defaults(RemoteReads.DEFAULT), 0.5);
        IncrementalPlanner incremental = new IncrementalPlanner(planner);
        List<Member> members = new ArrayList<>();
        for (int s = 0; s < SCHEMAS; s++) {
            members.add(Member.of("s" + s, Role.PRIMARY, "10.0.0." + s + ":3306"));
        }
        Plan first = incremental.plan(new View(members, Set.of()), List.of(), Settling.NONE);
        members.add(Member.of("s2", Role.REPLICA, "10.0.1.2:3306"));
        Plan second = incremental.plan(new View(members, Set.of()), first.desired(), Settling.NONE);
        assertThat(second.diff().upserts()).extracting(ServerRow::hostname).containsExactly("10.0.1.2");
        assertThat(second).isEqualTo(planner.plan(new View(members, Set.of()), first.desired()));
        // The rows of the untouched schemas are the very same objects: they were not built again.
        assertThat(second.desired().get(0)).isSameAs(first.desired().get(0));
    }

    private static void walk(Planner planner, Random random, int steps) {
        IncrementalPlanner incremental = new IncrementalPlanner(planner);
        List<Member> members = new ArrayList<>();
        Set<Instance> quarantined = new HashSet<>();
        List<ServerRow> rows = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            mutateView(random, members, quarantined);
            View view = new View(members, quarantined);
            Settling settling = random.nextInt(4) == 0 ? Settling.holding(seen(random, members, rows))
                    : Settling.NONE;
            Plan expected = planner.plan(view, rows, settling);
            Plan actual = incremental.plan(view, rows, settling);
            assertThat(actual).as("step %d of a walk, view %s, rows %s", step, view, rows).isEqualTo(expected);
            rows = nextRows(random, expected, rows);
        }
    }

    /** Some of the servers registered or routed, as the settle window may have seen them since it opened. */
    private static Set<Settling.Server> seen(Random random, List<Member> members, List<ServerRow> rows) {
        Set<Settling.Server> seen = new HashSet<>();
        for (Member m : members) {
            if (random.nextBoolean()) {
                seen.add(new Settling.Server(m.schema(), new HostPort(m.instance().host(), m.instance().port())));
            }
        }
        for (ServerRow row : rows) {
            if (random.nextInt(3) == 0) {
                seen.add(new Settling.Server(SchemaName.of("s" + random.nextInt(SCHEMAS)), row.hostPort()));
            }
        }
        return seen;
    }

    private static void mutateView(Random random, List<Member> members, Set<Instance> quarantined) {
        int changes = random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int what = random.nextInt(10);
            if (what < 4 || members.isEmpty()) {
                members.add(randomMember(random));
            } else if (what < 7) {
                members.remove(random.nextInt(members.size()));
            } else if (what == 7) {
                int i = random.nextInt(members.size());
                Member m = members.get(i);
                Role role = Role.values()[random.nextInt(Role.values().length)];
                members.set(i, new Member(m.schema(), role, m.instance(), m.weight(), m.maxConnections(),
                        m.datacenter()));
            } else if (what == 8) {
                Instance instance = members.get(random.nextInt(members.size())).instance();
                if (!quarantined.remove(instance)) {
                    quarantined.add(instance);
                }
            } else {
                Collections.shuffle(members, random);
            }
        }
    }

    private static Member randomMember(Random random) {
        // Schema s6 is not mapped; few hosts, so duplicates and servers in several schemas happen.
        String schema = "s" + random.nextInt(SCHEMAS + 1);
        Role role = Role.values()[random.nextInt(Role.values().length)];
        Instance instance = new Instance("10.0." + random.nextInt(3) + "." + random.nextInt(6), 3306);
        int weight = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3);
        String datacenter = random.nextInt(4) == 0 ? null : DATACENTERS.get(random.nextInt(2));
        return new Member(SchemaName.of(schema), role, instance, weight, 0, datacenter);
    }

    /** What ProxySQL holds at the next pass: usually the plan applied, sometimes not, edited, or shuffled. */
    private static List<ServerRow> nextRows(Random random, Plan plan, List<ServerRow> previous) {
        int what = random.nextInt(10);
        List<ServerRow> next;
        if (what < 5) {
            next = new ArrayList<>(plan.desired());
        } else if (what < 7) {
            next = new ArrayList<>(previous); // the apply failed
        } else {
            next = new ArrayList<>(plan.desired());
            if (!next.isEmpty()) {
                int i = random.nextInt(next.size());
                ServerRow r = next.get(i);
                switch (random.nextInt(3)) {
                    case 0 -> next.remove(i);
                    case 1 -> next.set(i, r.withStatus(ServerRow.OFFLINE_SOFT));
                    default -> next.set(i, new ServerRow(r.hostgroupId(), r.hostname(), r.port(), 0, r.status(),
                            r.weight() + 1, 0, r.maxConnections(), 0, 0, 0, "edited by hand"));
                }
            }
        }
        if (random.nextInt(5) == 0) {
            next.add(ServerRow.online(999, new Instance("10.9.9.9", 3306), 1, 1, "another owner's hostgroup"));
        }
        if (random.nextInt(3) == 0) {
            Collections.shuffle(next, random);
        }
        return next;
    }

    private static HostgroupMap map(boolean remote) {
        Map<SchemaName, SchemaHostgroups> schemas = new LinkedHashMap<>();
        for (int s = 0; s < SCHEMAS; s++) {
            int base = 100 + 10 * ((s * 7) % SCHEMAS); // hostgroups not in schema order
            schemas.put(SchemaName.of("s" + s), remote
                    ? new SchemaHostgroups(base, base + 1, base + 2, base + 3, base + 4)
                    : new SchemaHostgroups(base, base + 1, s == 3 ? null : base + 2));
        }
        return new HostgroupMap(schemas);
    }

    private static RoleDefaults defaults(RemoteReads remote) {
        return new RoleDefaults(Map.of(
                Role.PRIMARY, new RoleDefaults.ServerDefaults(1000, 500),
                Role.REPLICA, new RoleDefaults.ServerDefaults(100, 300, remote),
                Role.REPORTING_REPLICA, new RoleDefaults.ServerDefaults(10, 50, remote)));
    }
}
