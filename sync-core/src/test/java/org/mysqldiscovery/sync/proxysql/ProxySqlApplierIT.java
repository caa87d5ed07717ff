package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.sync.harness.AdminTarget;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.RoleDefaults;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.plan.View;

/** The applier against the stand-in, through MariaDB Connector/J and TCP (or a real ProxySQL, see AdminTarget). */
class ProxySqlApplierIT {
    static final HostgroupMap MAP = new HostgroupMap(Map.of(
            SchemaName.of("orders"), new SchemaHostgroups(9010, 9011, 9012),
            SchemaName.of("users"), new SchemaHostgroups(9020, 9021, null)));
    static final Planner PLANNER = new Planner(MAP, RoleDefaults.standard(), 0.5);

    @TempDir
    Path dir;
    AdminTarget target;
    ProxySqlAdmin admin;
    ProxySqlApplier applier;

    @BeforeEach
    void start() throws Exception {
        target = AdminTarget.create(dir);
        System.out.println("[ProxySqlApplierIT] running against " + target.describe());
        admin = new ProxySqlAdmin(new AdminEndpoint(new Instance(target.host(), target.port()), target.user(),
                target.password(), 2_000, 10_000));
        applier = new ProxySqlApplier(admin, MAP.managedHostgroups());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        target.close();
    }

    static View view(String... specs) {
        return new View(java.util.Arrays.stream(specs).map(s -> {
            String[] p = s.split("/");
            return new Member(SchemaName.of(p[0]), Role.fromToken(p[1]), Instance.parse(p[2]), 0, 0);
        }).toList(), Set.of());
    }

    Plan applyView(View view) throws AdminException {
        ProxySqlState state = applier.read();
        Plan plan = PLANNER.plan(view, state.config());
        if (!plan.diff().isEmpty() || !org.mysqldiscovery.sync.plan.RuntimeCheck.matches(plan.desired(),
                state.runtime())) {
            applier.apply(plan.diff(), plan.desired());
            applier.saveToDisk();
        }
        return plan;
    }

    @Test
    void rows_are_written_loaded_saved_and_runtime_verified() throws Exception {
        Plan plan = PLANNER.plan(view("orders/primary/db1:3306", "orders/replica/db2:3306",
                "orders/reporting-replica/db3:3306", "users/primary/u1:3307"), applier.read().config());
        target.clearStatements();
        ApplyResult result = applier.apply(plan.diff(), plan.desired());
        applier.saveToDisk();
        List<String> sent = target.statements();

        List<String> expected = List.of(
                "9010 db1:3306 ONLINE 1 1000 mysql-discovery:orders/primary",
                "9011 db2:3306 ONLINE 1 1000 mysql-discovery:orders/replica",
                "9012 db3:3306 ONLINE 1 1000 mysql-discovery:orders/reporting-replica",
                "9020 u1:3307 ONLINE 1 1000 mysql-discovery:users/primary");
        assertThat(target.rows("mysql_servers", 9000, 9098)).containsExactlyElementsOf(expected);
        assertThat(target.rows("runtime_mysql_servers", 9000, 9098)).containsExactlyElementsOf(expected);
        assertThat(result.runtime()).hasSize(4);
        if (target.isStandIn()) {
            // One multi-row statement for the rows, then LOAD, (verify,) then SAVE: one statement per execute.
            assertThat(sent).filteredOn(s -> !s.startsWith("SELECT")).containsExactly(
                    sent.stream().filter(s -> s.startsWith("REPLACE INTO mysql_servers")).findFirst().orElseThrow(),
                    "LOAD MYSQL SERVERS TO RUNTIME", "SAVE MYSQL SERVERS TO DISK");
        }
    }

    @Test
    void nothing_changed_means_no_load() throws Exception {
        View view = view("orders/primary/db1:3306", "orders/replica/db2:3306");
        applyView(view);
        long version = target.serversVersion();
        target.clearStatements();

        Plan again = applyView(view);

        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(target.serversVersion()).as("runtime mysql_servers version (moves at every LOAD)")
                .isEqualTo(version);
        assertThat(target.statements()).noneMatch(s -> s.toUpperCase().startsWith("LOAD"))
                .noneMatch(s -> s.toUpperCase().startsWith("SAVE")).allMatch(s -> s.startsWith("SELECT"));
    }

    @Test
    void a_change_rewrites_only_the_difference() throws Exception {
        applyView(view("orders/primary/db1:3306", "orders/replica/db2:3306", "orders/replica/db3:3306"));
        target.clearStatements();
        Plan plan = applyView(view("orders/primary/db1:3306", "orders/replica/db2:3306", "orders/replica/db4:3306"));

        assertThat(plan.diff().deletes()).extracting(Object::toString).containsExactly("9011/db3:3306");
        assertThat(plan.diff().upserts()).extracting(ServerRow::hostname).containsExactly("db4");
        assertThat(target.routed(9000, 9098)).containsExactly("9010 db1:3306", "9011 db2:3306", "9011 db4:3306");
        if (target.isStandIn()) {
            assertThat(target.statements()).filteredOn(s -> s.startsWith("DELETE") || s.startsWith("REPLACE"))
                    .hasSize(2).allSatisfy(s -> assertThat(s).doesNotContain("db1").doesNotContain("db2"));
        }
    }

    @Test
    void unmanaged_rows_are_untouched() throws Exception {
        target.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, weight, comment) VALUES "
                + "(9099, 'other', 3306, 7, 'owned by someone else')");
        target.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, status, comment) VALUES "
                + "(9098, 'other2', 3306, 'OFFLINE_SOFT', '')");
        target.execute("LOAD MYSQL SERVERS TO RUNTIME");

        applyView(view("orders/primary/db1:3306"));
        applyView(view("orders/primary/db1:3306", "orders/replica/db9:3306"));

        assertThat(target.rows("mysql_servers", 9098, 9099)).containsExactly(
                "9098 other2:3306 OFFLINE_SOFT 1 1000 ", "9099 other:3306 ONLINE 7 1000 owned by someone else");
        assertThat(target.rows("runtime_mysql_servers", 9098, 9099)).containsExactly(
                "9098 other2:3306 OFFLINE_SOFT 1 1000 ", "9099 other:3306 ONLINE 7 1000 owned by someone else");
        assertThat(target.routed(9010, 9011)).containsExactly("9010 db1:3306", "9011 db9:3306");
    }

    @Test
    void hand_edited_hostile_rows_in_a_managed_hostgroup_are_repaired() throws Exception {
        applyView(view("orders/primary/db1:3306"));
        target.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES "
                + "(9011, 'x''); DROP TABLE mysql_servers; --', 3306, '@@evil')");
        target.execute("UPDATE mysql_servers SET weight=5, status='OFFLINE_SOFT' WHERE hostgroup_id=9010");
        target.execute("LOAD MYSQL SERVERS TO RUNTIME");

        Plan plan = applyView(view("orders/primary/db1:3306"));

        assertThat(plan.diff().size()).isEqualTo(2);
        assertThat(target.rows("mysql_servers", 9000, 9098)).containsExactly(
                "9010 db1:3306 ONLINE 1 1000 mysql-discovery:orders/primary");
        assertThat(target.rows("runtime_mysql_servers", 9000, 9098)).containsExactly(
                "9010 db1:3306 ONLINE 1 1000 mysql-discovery:orders/primary");
    }

    @Test
    void oversized_hand_edited_rows_are_read_and_removed() throws Exception {
        View view = view("orders/primary/db1:3306", "orders/replica/db2:3306", "orders/replica/db3:3306",
                "orders/replica/db4:3306");
        applyView(view);
        String longHost = "h".repeat(3_000);
        target.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES "
                + "(9011, '" + longHost + "', 3306, '" + "c".repeat(200_000) + "')");
        target.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, status, comment) VALUES "
                + "(9011, '', 0, 'offline_hard', 'é\\')");
        target.execute("LOAD MYSQL SERVERS TO RUNTIME");

        assertThat(applier.read().config()).hasSize(6);
        Plan plan = applyView(view);

        assertThat(plan.diff().deletes()).hasSize(2);
        assertThat(target.routed(9000, 9098)).containsExactly("9010 db1:3306", "9011 db2:3306", "9011 db3:3306",
                "9011 db4:3306");
        assertThat(target.rows("mysql_servers", 9000, 9098)).hasSize(4);
    }

    @Test
    void replication_hostgroup_conflict_is_refused_with_a_clear_message() throws Exception {
        applier.checkOwnership();
        target.execute("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, comment) "
                + "VALUES (9010, 9091, 'monitor')");
        assertThatThrownBy(applier::checkOwnership).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("hostgroup 9010 is a writer_hostgroup in mysql_replication_hostgroups")
                .hasMessageContaining("fight");
        target.execute("DELETE FROM mysql_replication_hostgroups WHERE writer_hostgroup=9010");
        target.execute("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, comment) "
                + "VALUES (9090, 9021, 'monitor')");
        target.execute("LOAD MYSQL SERVERS TO RUNTIME");
        assertThatThrownBy(applier::checkOwnership).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("hostgroup 9021 is a reader_hostgroup in mysql_replication_hostgroups")
                .hasMessageContaining("hostgroup 9021 is a reader_hostgroup in runtime_mysql_replication_hostgroups");
    }

    @Test
    void poll_timeout_is_read_from_the_admin() throws Exception {
        assertThat(applier.pollTimeoutMillis()).isPresent();
    }

    @Test
    void an_admin_restart_is_survived_by_reconnecting() throws Exception {
        applyView(view("orders/primary/db1:3306"));
        long connects = admin.connects();
        if (target.isStandIn()) {
            target.standIn().orElseThrow().restart();
        }
        // The first use after a restart may fail on the dead connection; the next one reconnects.
        try {
            applier.read();
        } catch (AdminException e) {
            assertThat(e.kind().connectionBroken()).isTrue();
        }
        ProxySqlState state = applier.read();
        assertThat(state.runtime()).extracting(ServerRow::hostname).containsExactly("db1");
        if (target.isStandIn()) {
            assertThat(admin.connects()).isGreaterThan(connects);
        }
    }

    @Test
    void a_stopped_admin_fails_fast_as_unreachable() throws Exception {
        if (!target.isStandIn()) {
            System.out.println("[ProxySqlApplierIT] a real ProxySQL cannot be stopped from here: see SyncServiceIT");
            return;
        }
        target.standIn().orElseThrow().stop();
        assertThatThrownBy(applier::read).isInstanceOfSatisfying(AdminException.class,
                e -> assertThat(e.kind()).isIn(AdminErrorKind.UNREACHABLE, AdminErrorKind.TIMEOUT));
        target.standIn().orElseThrow().start();
        assertThat(applier.read().config()).isEmpty();
    }

    @Test
    void ten_thousand_rows_are_written_in_a_few_statements() throws Exception {
        // A real ProxySQL monitors every row: 10,000 unreachable servers make it pathological (proxysql-admin.md).
        int servers = target.isStandIn() ? 10_000 : 1_000;
        List<Member> members = new java.util.ArrayList<>();
        for (int i = 0; i < servers; i++) {
            members.add(new Member(SchemaName.of("orders"), Role.REPLICA, new Instance("10.0." + (i / 250) + "."
                    + (i % 250 + 1), 3306), 0, 0));
        }
        target.clearStatements();
        long start = System.nanoTime();
        Plan plan = applyView(new View(members, Set.of()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[ProxySqlApplierIT] " + servers + " rows planned, written, loaded, saved, verified in "
                + millis + " ms on " + target.describe());
        assertThat(plan.desired()).hasSize(servers);
        assertThat(target.routed(9011, 9011)).hasSize(servers);
        if (target.isStandIn()) {
            assertThat(target.statements()).filteredOn(s -> s.startsWith("REPLACE")).hasSize(5);
        }
    }
}
