package org.mysqldiscovery.sync.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.sync.config.GuardSettings;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.SchemaGuard;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.plan.View;

/** The guard table, row by row: what each matcher finds in what the sync saw, and the page it makes. */
class ConditionKindTest {
    static final HostgroupMap MAP = new HostgroupMap(Map.of(
            SchemaName.of("orders"), new SchemaHostgroups(10, 11, null),
            SchemaName.of("users"), new SchemaHostgroups(20, 21, null)));
    static final GuardSettings SETTINGS = new GuardSettings(5_000L, 0.5, 10_000L, 60_000L, 30_000L);

    static Plan plan(List<String> members, List<String> rows) {
        List<Member> view = new ArrayList<>();
        for (String m : members) {
            String[] parts = m.split("/");
            view.add(Member.of(parts[0], Role.fromToken(parts[1]), parts[2]));
        }
        List<ServerRow> current = new ArrayList<>();
        for (String r : rows) {
            String[] parts = r.split(" ");
            current.add(ServerRow.online(Integer.parseInt(parts[0]), Instance.parse(parts[1]), 1, 100, ""));
        }
        return Planner.plan(new View(view, Set.of()), MAP, current);
    }

    static final Plan DOUBLE = plan(List.of("orders/primary/a:3306", "orders/primary/b:3306", "users/primary/u:3306"),
            List.of());
    static final Plan NONE = plan(List.of("users/primary/u:3306"), List.of());
    static final Plan MASS = plan(List.of("users/primary/u:3306"),
            List.of("10 a:3306", "11 b:3306", "11 c:3306", "21 d:3306", "20 u:3306"));
    static final PrimaryDatacenters.Move MOVE = new PrimaryDatacenters.Move(SchemaName.of("orders"), "east", "west",
            Instance.parse("b:3306"));

    /** One row's case: what was seen, and the single condition the table must find. */
    record Case(String name, GuardInputs inputs, ConditionKind kind, String subject, String summary,
            Map<String, String> details, long graceMillis) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        GuardInputs none = GuardInputs.none();
        return Stream.of(
                new Case("two primaries freeze the schema", none.withPlan(DOUBLE, List.of()),
                        ConditionKind.DOUBLE_PRIMARY, "orders", "schema orders has 2 primaries (a:3306, b:3306): its"
                        + " ProxySQL hostgroups are frozen until one is demoted or quarantined",
                        Map.of("schema", "orders", "primaries", "a:3306, b:3306"), 5_000),
                new Case("no primary is applied and paged if it lasts", none.withPlan(NONE, List.of()),
                        ConditionKind.NO_PRIMARY, "orders",
                        "schema orders has no primary: ProxySQL holds its writes, then fails them",
                        Map.of("schema", "orders"), 10_000),
                new Case("a mass removal refuses the plan, and hides the no-primary it caused",
                        none.withPlan(MASS, List.of()), ConditionKind.MASS_REMOVAL, "*",
                        "refused to apply: " + MASS.massRemoval().describe(), Map.of("removed", "4", "total", "5"),
                        0),
                new Case("a primary in another datacenter", none.withPlan(null, List.of(MOVE)),
                        ConditionKind.PRIMARY_MOVED_DATACENTER, "orders", "schema orders has its primary in "
                        + "datacenter west (b:3306), no longer in east: writes now cross datacenters; check that the "
                        + "failover was meant to leave east",
                        Map.of("schema", "orders", "from", "east", "to", "west", "primary", "b:3306"), 0),
                new Case("blind", none.withBlind("ZooKeeper SUSPENDED", false), ConditionKind.BLIND, "*",
                        "proxysql-sync is blind and changes nothing: ZooKeeper SUSPENDED", Map.of(), 60_000),
                new Case("blind while the first view is read", none.withBlind("not started", true),
                        ConditionKind.BLIND, "*", "proxysql-sync is blind and changes nothing: not started",
                        Map.of("starting", "true"), 60_000),
                new Case("the admin refuses writes", none.withAdminError("connection refused"),
                        ConditionKind.ADMIN_ERROR, "*", "proxysql-sync cannot write ProxySQL: connection refused",
                        Map.of(), 30_000),
                new Case("another writer of mysql_servers", none.withConflict("hostgroup 10 is in "
                        + "mysql_replication_hostgroups"), ConditionKind.HOSTGROUP_CONFLICT, "*",
                        "hostgroup 10 is in mysql_replication_hostgroups", Map.of(), 0),
                new Case("a hostile fact is text, never a template", none.withAdminError("{reason} {error} {"),
                        ConditionKind.ADMIN_ERROR, "*", "proxysql-sync cannot write ProxySQL: {reason} {error} {",
                        Map.of(), 30_000))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void each_row_finds_its_condition_and_words_its_page(Case c) {
        List<Condition> found = ConditionKind.evaluate(c.inputs());
        assertThat(found).singleElement().satisfies(condition -> {
            assertThat(condition.kind()).isEqualTo(c.kind());
            assertThat(condition.subject()).isEqualTo(c.subject());
            assertThat(condition.summary()).isEqualTo(c.summary());
            assertThat(condition.details()).isEqualTo(c.details());
        });
        assertThat(c.kind().graceMillis(SETTINGS)).isEqualTo(c.graceMillis());
        assertThat(ConditionKind.graces(SETTINGS)).containsEntry(c.kind(), c.graceMillis());
    }

    @Test
    void nothing_seen_holds_nothing() {
        assertThat(ConditionKind.evaluate(GuardInputs.none())).isEmpty();
        assertThat(ConditionKind.evaluate(GuardInputs.none().withBlind(null, true))).isEmpty();
    }

    @Test
    void every_row_has_a_grace_severity_effect_and_a_dash_spelled_token() {
        for (ConditionKind kind : ConditionKind.values()) {
            assertThat(kind.token()).matches("[a-z]+(-[a-z]+)*");
            assertThat(kind.severity()).isNotNull();
            assertThat(kind.effect()).isNotNull();
            assertThat(kind.graceMillis(GuardSettings.defaults())).isNotNegative();
        }
        assertThat(Arrays.stream(ConditionKind.values()).map(ConditionKind::token).distinct())
                .hasSize(ConditionKind.values().length);
    }

    @Test
    void the_table_agrees_with_the_planner_on_what_is_refused() {
        assertThat(ConditionKind.DOUBLE_PRIMARY.effect() == ConditionKind.Effect.REFUSE_SCHEMA)
                .isEqualTo(SchemaGuard.DOUBLE_PRIMARY.refuses());
        assertThat(ConditionKind.NO_PRIMARY.effect() == ConditionKind.Effect.REFUSE_SCHEMA)
                .isEqualTo(SchemaGuard.NO_PRIMARY.refuses());
        assertThat(MASS.complete()).isFalse();
        assertThat(ConditionKind.MASS_REMOVAL.effect()).isEqualTo(ConditionKind.Effect.REFUSE_ALL);
    }

    @Test
    void the_pages_of_one_pass_go_out_in_the_table_order() {
        GuardInputs all = GuardInputs.none().withPlan(DOUBLE, List.of(MOVE)).withBlind("lost", false)
                .withAdminError("down").withConflict("cluster");
        assertThat(ConditionKind.evaluate(all)).extracting(Condition::kind).containsExactly(
                ConditionKind.DOUBLE_PRIMARY, ConditionKind.PRIMARY_MOVED_DATACENTER, ConditionKind.BLIND,
                ConditionKind.ADMIN_ERROR, ConditionKind.HOSTGROUP_CONFLICT);
        assertThat(ConditionKind.DOUBLE_PRIMARY.severity()).isEqualTo(PageEvent.Severity.CRITICAL);
    }

    @Test
    void a_text_naming_a_fact_the_match_lacks_is_a_bug_said_loudly() {
        assertThatThrownBy(() -> ConditionKind.render("schema {schema}", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{schema}");
        assertThat(ConditionKind.render("{a}{b}", Map.of("a", "{b}", "b", "x"))).isEqualTo("{b}x");
    }
}
