package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mysqldiscovery.sync.plan.PlannerTest.USERS_ROWS;
import static org.mysqldiscovery.sync.plan.PlannerTest.USERS_VIEW;
import static org.mysqldiscovery.sync.plan.PlannerTest.with;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;

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
        Plan plan = PlannerTest.PLANNER.plan(view, current, true);

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
        assertThat(PlannerTest.PLANNER.plan(view, current, false).held()).isEmpty();
    }
}
