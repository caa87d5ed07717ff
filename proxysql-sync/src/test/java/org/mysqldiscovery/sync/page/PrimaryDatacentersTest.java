package org.mysqldiscovery.sync.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;
import org.mysqldiscovery.sync.plan.View;

class PrimaryDatacentersTest {
    static final HostgroupMap MAP = new HostgroupMap(Map.of(
            SchemaName.of("orders"), new SchemaHostgroups(10, 11, null),
            SchemaName.of("users"), new SchemaHostgroups(20, 21, null)));
    final PrimaryDatacenters memory = new PrimaryDatacenters();

    static Member primary(String schema, String instance, String datacenter) {
        return Member.of(schema, Role.PRIMARY, instance).in(datacenter);
    }

    List<Condition> pass(Member... members) {
        return pass(Set.of(), members);
    }

    List<Condition> pass(Set<Instance> quarantined, Member... members) {
        List<Member> all = new ArrayList<>(List.of(members));
        all.add(primary("users", "u:3306", "east")); // users never moves
        View view = new View(all, quarantined);
        return memory.update(view, Planner.plan(view, MAP, List.of()));
    }

    @Test
    void the_first_primary_seen_is_the_reference_and_pages_nothing() {
        assertThat(pass(primary("orders", "a:3306", "west"))).isEmpty();
        assertThat(memory.remembered()).containsEntry(SchemaName.of("orders"), "west");
    }

    @Test
    void a_new_primary_in_the_same_datacenter_pages_nothing() {
        pass(primary("orders", "a:3306", "east"));
        assertThat(pass()).isEmpty(); // mid-failover: no primary
        assertThat(pass(primary("orders", "b:3306", "east"))).isEmpty();
    }

    @Test
    void a_primary_moving_to_another_datacenter_raises_one_condition_that_holds_while_it_stays_there() {
        pass(primary("orders", "a:3306", "east"));
        pass(); // the old primary is gone, no new one yet: the memory keeps east
        List<Condition> moved = pass(primary("orders", "b:3306", "west"));
        List<Condition> still = pass(primary("orders", "b:3306", "west"));

        assertThat(moved).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ConditionKind.PRIMARY_MOVED_DATACENTER);
            assertThat(c.subject()).isEqualTo("orders");
            assertThat(c.details()).containsEntry("from", "east").containsEntry("to", "west")
                    .containsEntry("primary", "b:3306");
        });
        assertThat(still).extracting(Condition::key).containsExactly(moved.get(0).key());
    }

    @Test
    void the_pager_gets_one_trigger_for_a_move_and_a_resolve_when_the_primary_is_back() {
        PageTracker tracker = new PageTracker("proxysql-east:6032", Map.of());
        tracker.update(pass(primary("orders", "a:3306", "east")), 0);
        List<PageEvent> first = tracker.update(pass(primary("orders", "b:3306", "west")), 1);
        List<PageEvent> second = tracker.update(pass(primary("orders", "b:3306", "west")), 2);
        List<PageEvent> back = tracker.update(pass(primary("orders", "a:3306", "east")), 3);

        assertThat(first).hasSize(1);
        assertThat(second).isEmpty();
        assertThat(back).hasSize(1);
        assertThat(back.get(0).dedupKey()).isEqualTo(first.get(0).dedupKey());
    }

    @Test
    void a_second_move_to_a_third_datacenter_is_the_same_condition_still_naming_where_it_left() {
        pass(primary("orders", "a:3306", "east"));
        pass(primary("orders", "b:3306", "west"));
        List<Condition> third = pass(primary("orders", "c:3306", "north"));

        assertThat(third).singleElement().satisfies(c -> assertThat(c.details())
                .containsEntry("from", "east").containsEntry("to", "north"));
    }

    @Test
    void a_double_primary_across_datacenters_neither_moves_nor_resets_the_memory() {
        pass(primary("orders", "a:3306", "east"));
        assertThat(pass(primary("orders", "a:3306", "east"), primary("orders", "b:3306", "west"))).isEmpty();
        assertThat(memory.remembered()).containsEntry(SchemaName.of("orders"), "east");
    }

    @Test
    void a_primary_naming_no_datacenter_is_not_judged() {
        pass(primary("orders", "a:3306", "east"));
        assertThat(pass(Member.of("orders", Role.PRIMARY, "b:3306"))).isEmpty();
        assertThat(pass(primary("orders", "c:3306", "west"))).hasSize(1);
    }

    @Test
    void a_quarantined_old_primary_still_registered_does_not_hide_the_move() {
        pass(primary("orders", "a:3306", "east"));
        List<Condition> moved = pass(Set.of(Instance.parse("a:3306")), primary("orders", "a:3306", "east"),
                primary("orders", "b:3306", "west"));
        assertThat(moved).singleElement().satisfies(c -> assertThat(c.details()).containsEntry("to", "west"));
    }

    @Test
    void a_fresh_memory_after_a_restart_takes_the_current_primary_as_reference() {
        pass(primary("orders", "a:3306", "east"));
        pass(primary("orders", "b:3306", "west"));
        PrimaryDatacenters restarted = new PrimaryDatacenters();
        View view = new View(List.of(primary("orders", "b:3306", "west")), Set.of());

        assertThat(restarted.update(view, Planner.plan(view, MAP, List.of()))).isEmpty();
    }
}
