package org.mysqldiscovery.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.precheck.CrossDatacenter;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** serve remembers where servers were registered, after their registrations go (issue 18). */
class DatacenterMemoryTest {
    static final SchemaName ORDERS = new SchemaName("orders");
    static final Instant T = Instant.parse("2026-12-07T09:00:00Z");

    static ClusterView view(Object... instanceRoleDc) {
        List<ClusterView.RegistrationEntry> entries = new ArrayList<>();
        for (int i = 0; i < instanceRoleDc.length; i += 3) {
            Instance instance = Instance.parse((String) instanceRoleDc[i]);
            Role role = (Role) instanceRoleDc[i + 1];
            String dc = (String) instanceRoleDc[i + 2];
            entries.add(new ClusterView.RegistrationEntry(ORDERS, role, instance,
                    dc == "MALFORMED" ? null : Registration.ofMysql(instance, ORDERS, role, dc, 0, 0, T, "test"), 1));
        }
        return new ClusterView("/mysql-discovery", 1, new TreeSet<>(Set.of(ORDERS)), entries, List.of(), List.of(),
                List.of());
    }

    @Test
    void the_failed_primarys_datacenter_is_known_after_its_registration_went() {
        DatacenterMemory memory = new DatacenterMemory();
        memory.observe(view("p1:3306", Role.PRIMARY, "east", "r2:3306", Role.REPLICA, "west"), T);
        memory.observe(view("r2:3306", Role.REPLICA, "west"), T.plusSeconds(1));

        CrossDatacenter facts = memory.facts(Optional.empty(), false);

        assertThat(facts.datacenters()).containsEntry(Instance.parse("p1:3306"), "east")
                .containsEntry(Instance.parse("r2:3306"), "west");
        assertThat(facts.source()).contains("2 servers");
    }

    @Test
    void a_registration_naming_no_datacenter_or_malformed_keeps_what_was_known() {
        DatacenterMemory memory = new DatacenterMemory();
        memory.observe(view("p1:3306", Role.PRIMARY, "east"), T);
        memory.observe(view("p1:3306", Role.PRIMARY, null), T);
        memory.observe(view("p1:3306", Role.PRIMARY, " "), T);
        memory.observe(view("p1:3306", Role.PRIMARY, "MALFORMED"), T);

        assertThat(memory.facts(Optional.empty(), false).datacenters()).containsEntry(Instance.parse("p1:3306"),
                "east");
    }

    @Test
    void a_server_that_moved_datacenter_is_known_where_it_was_last_seen() {
        DatacenterMemory memory = new DatacenterMemory();
        memory.observe(view("p1:3306", Role.PRIMARY, "east"), T);
        memory.observe(view("p1:3306", Role.PRIMARY, "west"), T);

        assertThat(memory.facts(Optional.empty(), false).datacenters()).containsEntry(Instance.parse("p1:3306"),
                "west");
    }

    @Test
    void the_memory_is_bounded_forgetting_the_server_seen_longest_ago() {
        DatacenterMemory memory = new DatacenterMemory(2);
        memory.observe(view("a:1", Role.REPLICA, "east", "b:1", Role.REPLICA, "east"), T);
        memory.observe(view("a:1", Role.REPLICA, "east"), T);
        memory.observe(view("c:1", Role.REPLICA, "west"), T);

        assertThat(memory.facts(Optional.empty(), false).datacenters()).containsOnlyKeys(Instance.parse("a:1"),
                Instance.parse("c:1"));
    }

    @Test
    void before_any_read_it_says_why_it_knows_nothing() {
        DatacenterMemory memory = new DatacenterMemory();
        assertThat(memory.facts(Optional.empty(), false).source()).contains("has not read ZooKeeper");
        memory.unread("serve has no zookeeper section");
        assertThat(memory.facts(Optional.empty(), true).source()).isEqualTo("serve has no zookeeper section");
        assertThat(memory.facts(Optional.empty(), true).allowed()).isTrue();
    }
}
