package org.mysqldiscovery.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/** The snapshot reader against a real ZooKeeper. */
class ViewReaderIT {
    ZkFixture zk;
    ViewReader reader;

    @BeforeEach
    void start() throws Exception {
        zk = new ZkFixture();
        reader = new ViewReader(zk.client(), zk.layout());
    }

    @AfterEach
    void stop() throws Exception {
        zk.close();
    }

    ClusterView read() throws ViewReadException {
        return reader.read(Optional.empty());
    }

    @Test
    void an_empty_tree_is_an_empty_view() throws Exception {
        ClusterView view = read();
        assertThat(view.registrations()).isEmpty();
        assertThat(view.quarantines()).isEmpty();
        assertThat(view.syncs()).isEmpty();
        assertThat(view.problems()).isEmpty();
        assertThat(view.zxid()).isZero();
    }

    @Test
    void registrations_quarantines_and_syncs_are_read_whole() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("orders", Role.REPLICA, "db2:3306");
        zk.register("users", Role.REPORTING_REPLICA, "[::1]:3307");
        zk.quarantine("db3:3306", "superseded by db1:3306");
        zk.sync("proxy1:6032", 5, false, "apply", Map.of("orders", "ok"));

        ClusterView view = read();

        assertThat(view.schemas()).containsExactly(SchemaName.of("orders"), SchemaName.of("users"));
        assertThat(view.registrations()).extracting(r -> r.schema() + "/" + r.role() + "/" + r.instance())
                .containsExactlyInAnyOrder("orders/primary/db1:3306", "orders/replica/db2:3306",
                        "users/reporting-replica/[::1]:3307");
        assertThat(view.registrations()).allSatisfy(r -> assertThat(r.registration()).isNotNull());
        assertThat(view.quarantines()).singleElement().satisfies(q -> {
            assertThat(q.instance()).isEqualTo(Instance.parse("db3:3306"));
            assertThat(q.record().reason()).isEqualTo("superseded by db1:3306");
        });
        assertThat(view.syncs()).singleElement().satisfies(s -> assertThat(s.status().appliedZxid()).isEqualTo(5));
        assertThat(view.effectivePrimaries(SchemaName.of("orders"))).containsExactly(Instance.parse("db1:3306"));
        assertThat(view.problems()).isEmpty();
    }

    @Test
    void bad_nodes_become_problems_and_never_stop_the_read() throws Exception {
        String mysql = zk.layout().mysqlRoot();
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.raw(mysql + "/Orders!/primary/db2:3306", "{}");
        zk.raw(mysql + "/orders/leader/db3:3306", "{}");
        zk.raw(mysql + "/orders/replica/not an instance", "{}");
        zk.raw(mysql + "/orders/replica/db4:3306", "{not json");
        zk.raw(mysql + "/orders/replica/db5:3306", "");
        zk.raw(mysql + "/orders/replica/db6:3306", "x".repeat(70_000));
        zk.raw(mysql + "/orders/replica/db7:3306", "{\"host\":\"db8\",\"port\":3306,\"schema\":\"orders\","
                + "\"role\":\"replica\",\"weight\":1,\"maxConnections\":1,\"registeredAt\":\"2026-01-01T00:00:00Z\"}");
        zk.raw(zk.layout().quarantineRoot() + "/db9:3306", "[1,2,3]");
        zk.raw(zk.layout().quarantineRoot() + "/bogus", "{}");
        zk.raw(zk.layout().syncRoot() + "/proxy1:6032", "null");

        ClusterView view = read();

        assertThat(view.problems()).extracting(ClusterView.Problem::path).containsExactlyInAnyOrder(
                mysql + "/Orders!",
                mysql + "/orders/leader",
                mysql + "/orders/replica/not an instance",
                mysql + "/orders/replica/db4:3306",
                mysql + "/orders/replica/db5:3306",
                mysql + "/orders/replica/db6:3306",
                mysql + "/orders/replica/db7:3306",
                zk.layout().quarantineRoot() + "/db9:3306",
                zk.layout().quarantineRoot() + "/bogus",
                zk.layout().syncRoot() + "/proxy1:6032");
        assertThat(view.problems()).filteredOn(p -> p.path().endsWith("db7:3306")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("payload contradicts its path: instance db8:3306"));
        // A malformed quarantine still quarantines; a malformed registration still exists.
        assertThat(view.quarantined()).contains(Instance.parse("db9:3306"));
        assertThat(view.registrationsOf(Instance.parse("db4:3306"))).singleElement()
                .satisfies(r -> assertThat(r.registration()).isNull());
    }

    @Test
    void the_view_zxid_moves_with_every_change_under_mysql_and_quarantine() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        long first = read().zxid();
        assertThat(first).isPositive();

        zk.register("orders", Role.REPLICA, "db2:3306");
        long added = read().zxid();
        assertThat(added).isGreaterThan(first);

        zk.unregister("orders", Role.REPLICA, "db2:3306");
        long removed = read().zxid();
        assertThat(removed).as("a deletion shows as the parent's pzxid").isGreaterThan(added);

        zk.register("orders", Role.PRIMARY, "db1:3306"); // data rewrite
        long rewritten = read().zxid();
        assertThat(rewritten).isGreaterThan(removed);

        zk.quarantine("db1:3306", "test");
        long quarantined = read().zxid();
        assertThat(quarantined).isGreaterThan(rewritten);

        zk.client().delete().forPath(zk.layout().quarantinePath(Instance.parse("db1:3306")));
        long cleared = read().zxid();
        assertThat(cleared).isGreaterThan(quarantined);

        zk.sync("proxy1:6032", 1, false, "apply", Map.of());
        assertThat(read().zxid()).as("sync status writes are not view changes").isEqualTo(cleared);
    }

    @Test
    void with_a_schema_only_its_changes_move_the_zxid() throws Exception {
        zk.register("orders", Role.PRIMARY, "db1:3306");
        zk.register("users", Role.PRIMARY, "db5:3306");
        long orders = reader.read(Optional.of(SchemaName.of("orders"))).zxid();

        zk.register("users", Role.REPLICA, "db6:3306");
        zk.register("billing", Role.PRIMARY, "db7:3306");
        ClusterView again = reader.read(Optional.of(SchemaName.of("orders")));
        assertThat(again.zxid()).isEqualTo(orders);
        assertThat(again.schemas()).containsExactly(SchemaName.of("orders"));
        assertThat(again.registrations()).extracting(ClusterView.RegistrationEntry::schema)
                .containsOnly(SchemaName.of("orders"));

        zk.register("orders", Role.REPLICA, "db2:3306");
        assertThat(reader.read(Optional.of(SchemaName.of("orders"))).zxid()).isGreaterThan(orders);
    }
}
