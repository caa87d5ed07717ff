package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mysqldiscovery.sync.plan.PlannerTest.USERS_ROWS;
import static org.mysqldiscovery.sync.plan.PlannerTest.USERS_VIEW;
import static org.mysqldiscovery.sync.plan.PlannerTest.with;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SchemaName;

/** The settle window's rule in the planner: which removals wait while the window is open, and which apply at once. */
class SettleRemovalsTest {

    /**
     * @param view        registrations as schema/role/host:port
     * @param quarantined quarantined instances
     * @param current     rows in ProxySQL as "hostgroup host:port"
     * @param expected    desired rows while the window is open
     * @param held        rows kept only because the window is open
     */
    record Case(String name, List<String> view, List<String> quarantined, List<String> current,
            List<String> expected, List<String> held) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("a replica whose agent has not re-registered yet stays routed",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"), List.of("11 c:3306")),
                new Case("a primary whose agent has not re-registered yet keeps the writer hostgroup",
                        with(USERS_VIEW, "orders/replica/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"), List.of("10 a:3306")),
                new Case("an addition applies at once",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306", "orders/replica/c:3306"),
                        List.of(), with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"), List.of()),
                new Case("a role change applies at once (replica becomes reporting-replica)",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/reporting-replica/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 a:3306", "12 b:3306"), List.of()),
                new Case("a writer that moved during the outage: the old primary, now a replica, leaves the writers",
                        with(USERS_VIEW, "orders/primary/b:3306", "orders/replica/a:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "10 b:3306", "11 a:3306"), List.of()),
                new Case("a new primary registered, the old one absent: one writer, not two",
                        with(USERS_VIEW, "orders/primary/b:3306", "orders/replica/c:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 b:3306", "11 c:3306"), List.of()),
                new Case("a quarantined server leaves at once",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/replica/b:3306"), List.of("c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"), List.of()),
                new Case("a quarantined primary leaves the writers even with no successor",
                        with(USERS_VIEW, "orders/replica/b:3306"), List.of("a:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 b:3306"),
                        with(USERS_ROWS, "11 b:3306"), List.of()),
                new Case("a server absent from every schema is held in each of its rows",
                        List.of("orders/primary/a:3306"), List.of(),
                        List.of("10 a:3306", "11 b:3306", "20 u1:3306", "21 u2:3306"),
                        List.of("10 a:3306", "11 b:3306", "20 u1:3306", "21 u2:3306"),
                        List.of("11 b:3306", "20 u1:3306", "21 u2:3306")),
                new Case("an empty view over a populated ProxySQL changes nothing (and is no mass removal)",
                        List.of(), List.of(), with(USERS_ROWS, "10 a:3306"), with(USERS_ROWS, "10 a:3306"),
                        with(USERS_ROWS, "10 a:3306")),
                new Case("a double primary keeps its schema whole, nothing is counted as held",
                        with(USERS_VIEW, "orders/primary/a:3306", "orders/primary/b:3306"), List.of(),
                        with(USERS_ROWS, "10 a:3306", "11 c:3306"),
                        with(USERS_ROWS, "10 a:3306", "11 c:3306"), List.of())
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void removals_wait_only_on_absence(Case c) {
        View view = new View(c.view().stream().map(PlannerTest::member).toList(),
                c.quarantined().stream().map(Instance::parse).collect(Collectors.toSet()));
        List<ServerRow> current = c.current().stream().map(PlannerTest::row).toList();
        Plan plan = PlannerTest.PLANNER.plan(view, current, Settling.holding(Set.of()));

        assertThat(plan.desired()).containsExactlyElementsOf(
                PlannerTest.sorted(c.expected().stream().map(PlannerTest::row)));
        assertThat(plan.held()).containsExactlyElementsOf(
                c.held().stream().map(PlannerTest::row).map(ServerRow::key).sorted().toList());
        assertThat(plan.massRemovalRefusal()).isEmpty();
        assertThat(PlannerTest.sorted(PlannerTest.applyDiff(current, plan.diff()).stream()))
                .containsExactlyElementsOf(plan.desired());
        if (!c.held().isEmpty()) {
            assertThat(plan.complete()).as("a plan with held removals is not complete").isFalse();
        }
        // Once the window has closed, the same inputs give the plain plan: nothing is held.
        assertThat(PlannerTest.PLANNER.plan(view, current, Settling.NONE).held()).isEmpty();
    }

    @Test
    void a_server_seen_since_the_window_opened_and_gone_now_leaves_at_once() {
        // The primary was registered in the first view after the recovery, then drained (or died): a fact.
        View view = new View(List.of(PlannerTest.member("orders/replica/b:3306"), PlannerTest.member(
                "users/primary/u1:3306"), PlannerTest.member("users/replica/u2:3306")), Set.of());
        List<ServerRow> current = PlannerTest.with(USERS_ROWS, "10 a:3306", "11 b:3306", "11 c:3306").stream()
                .map(PlannerTest::row).toList();
        Settling seenA = Settling.holding(Set.of(new Settling.Server(SchemaName.of("orders"),
                new HostPort("a", 3306))));
        Plan plan = PlannerTest.PLANNER.plan(view, current, seenA);
        assertThat(plan.desired()).containsExactlyElementsOf(PlannerTest.sorted(
                PlannerTest.with(USERS_ROWS, "11 b:3306", "11 c:3306").stream().map(PlannerTest::row)));
        // c was never seen since the window opened: its agent may be late, its row waits.
        assertThat(plan.held()).containsExactly(PlannerTest.row("11 c:3306").key());
        // Seen in another schema only: still an absence in this one.
        Settling seenElsewhere = Settling.holding(Set.of(new Settling.Server(SchemaName.of("users"),
                new HostPort("a", 3306))));
        assertThat(PlannerTest.PLANNER.plan(view, current, seenElsewhere).held())
                .contains(PlannerTest.row("10 a:3306").key());
    }
}
