package org.mysqldiscovery.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** Which rows leave through a drain (OFFLINE_SOFT, wait for in-flight queries) rather than at once. */
class WriterDrainTest {
    static final HostgroupMap MAP = new HostgroupMap(Map.of(SchemaName.of("orders"),
            new SchemaHostgroups(10, 11, 12)));

    static ServerRow row(int hostgroup, String instance, String status) {
        return ServerRow.online(hostgroup, Instance.parse(instance), 1000, 1000, "c").withStatus(status);
    }

    static View view(String... specs) {
        return new View(Arrays.stream(specs).map(s -> {
            String[] p = s.split("/");
            return new Member(SchemaName.of("orders"), Role.fromToken(p[0]), Instance.parse(p[1]), 0, 0);
        }).toList(), Set.of());
    }

    static Stream<Arguments> cases() {
        ServerRow primary = ServerRow.online(10, Instance.parse("db1:3306"), 1000, 1000,
                Planner.comment(SchemaName.of("orders"), Role.PRIMARY));
        ServerRow replica = ServerRow.online(11, Instance.parse("db2:3306"), 1000, 1000,
                Planner.comment(SchemaName.of("orders"), Role.REPLICA));
        return Stream.of(
                Arguments.of("the primary leaving the writer hostgroup is drained", List.of(primary, replica),
                        view("replica/db2:3306"), List.of(primary.withStatus(ServerRow.OFFLINE_SOFT))),
                Arguments.of("a primary replaced by another is drained before the new one is added",
                        List.of(primary, replica), view("primary/db2:3306", "replica/db1:3306"),
                        List.of(primary.withStatus(ServerRow.OFFLINE_SOFT))),
                Arguments.of("a replica leaving the reader hostgroup leaves at once (a re-sent read is harmless)",
                        List.of(primary, replica), view("primary/db1:3306"), List.of()),
                Arguments.of("a primary that stays is not drained", List.of(primary, replica),
                        view("primary/db1:3306", "replica/db2:3306"), List.of()),
                Arguments.of("an OFFLINE_SOFT writer left by an interrupted drain is drained again",
                        List.of(primary.withStatus(ServerRow.OFFLINE_SOFT), replica), view("replica/db2:3306"),
                        List.of(primary.withStatus(ServerRow.OFFLINE_SOFT))),
                Arguments.of("a writer set OFFLINE_HARD by hand runs nothing and leaves at once",
                        List.of(primary.withStatus(ServerRow.OFFLINE_HARD), replica), view("replica/db2:3306"),
                        List.of()),
                Arguments.of("a new primary with nothing to remove drains nothing", List.of(replica),
                        view("primary/db1:3306", "replica/db2:3306"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void live_writers_that_leave_are_drained_first(String name, List<ServerRow> current, View view,
            List<ServerRow> expected) {
        Plan plan = new Planner(MAP, RoleDefaults.standard(), 1.0).plan(view, current);
        assertThat(plan.massRemovalRefusal()).isEmpty();
        assertThat(plan.drainFirst()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_refused_plan_drains_nothing(String name, List<ServerRow> current, View view, List<ServerRow> expected) {
        // Mass removal (limit 1 %): nothing is removed, so nothing is drained.
        Plan plan = new Planner(MAP, RoleDefaults.standard(), 0.01).plan(view, current);
        if (plan.massRemovalRefusal().isPresent()) {
            assertThat(plan.drainFirst()).isEmpty();
        }
    }
}
