package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.config.HostgroupIds;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings.RemoteSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings.ServerDefaultsSettings;
import org.mysqldiscovery.sync.harness.SyncConfigBuilder;
import org.mysqldiscovery.sync.harness.SyncFixture;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;

/**
 * {@code remote.mode: hostgroup} end to end in one sync in {@code east}: remote replicas land in the schema's remote
 * hostgroups of ProxySQL's runtime, local ones in the role's; when the local replicas go, the remote ones are routed
 * in the role's hostgroup as well and stay in the remote one. Real ZooKeeper, the admin target. orders: 9010 writer,
 * 9011 replica, 9012 reporting-replica, 9013 replica-remote, 9014 reporting-replica-remote; users: 9020, 9021, 9023.
 */
class RemoteHostgroupIT {
    @TempDir
    Path dir;
    SyncFixture fx;

    static final UnaryOperator<SyncConfigBuilder> REMOTE_HOSTGROUPS = c -> c.datacenter("east")
            .schema("orders", new HostgroupIds(9010, 9011, 9012, 9013, 9014))
            .schema("users", new HostgroupIds(9020, 9021, null, 9023, null))
            .defaults(new RoleDefaultsSettings(null,
                    new ServerDefaultsSettings(1000, 1000, new RemoteSettings("hostgroup", null)),
                    new ServerDefaultsSettings(100, 1000, new RemoteSettings("hostgroup", null))));

    @BeforeEach
    void start() throws Exception {
        fx = SyncFixture.create(dir, "RemoteHostgroupIT");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    /** Runtime rows as "hostgroup host:port weight comment". */
    List<String> runtime(int from, int to) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (List<String> r : fx.admin.query("SELECT hostgroup_id, hostname, port, weight, comment"
                + " FROM runtime_mysql_servers WHERE hostgroup_id BETWEEN " + from + " AND " + to
                + " AND status IN ('ONLINE','SHUNNED') ORDER BY hostgroup_id, hostname, port")) {
            rows.add(r.get(0) + " " + r.get(1) + ":" + r.get(2) + " " + r.get(3) + " " + r.get(4));
        }
        return rows;
    }

    @Test
    void remote_replicas_are_routed_in_their_own_hostgroup_and_also_in_the_role_hostgroup_when_none_is_local()
            throws Exception {
        fx.startSync(REMOTE_HOSTGROUPS);
        fx.agents.registerIn("east", "orders", Role.PRIMARY, "p1:3306");
        fx.agents.registerIn("east", "orders", Role.REPLICA, "e1:3306");
        fx.agents.registerIn("west", "orders", Role.REPLICA, "w1:3306");
        fx.agents.registerIn("west", "orders", Role.REPORTING_REPLICA, "w2:3306"); // no local one: fallback
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime(9010, 9014)).containsExactly(
                "9010 p1:3306 1000 mysql-discovery:orders/primary",
                "9011 e1:3306 1000 mysql-discovery:orders/replica",
                "9012 w2:3306 100 mysql-discovery:orders/reporting-replica",
                "9013 w1:3306 1000 mysql-discovery:orders/replica-remote",
                "9014 w2:3306 100 mysql-discovery:orders/reporting-replica-remote"));

        fx.agents.deregister("orders", Role.REPLICA, "e1:3306"); // the local replica fails its checks
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime(9011, 9013)).containsExactly(
                "9011 w1:3306 1000 mysql-discovery:orders/replica",
                "9012 w2:3306 100 mysql-discovery:orders/reporting-replica",
                "9013 w1:3306 1000 mysql-discovery:orders/replica-remote"));
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.sync.reconciler().metrics().remoteFallbacks() == 2L);

        fx.agents.registerIn("east", "orders", Role.REPLICA, "e1:3306"); // back: w1 leaves 9011, stays in 9013
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime(9011, 9013)).containsExactly(
                "9011 e1:3306 1000 mysql-discovery:orders/replica",
                "9012 w2:3306 100 mysql-discovery:orders/reporting-replica",
                "9013 w1:3306 1000 mysql-discovery:orders/replica-remote"));
    }

    @Test
    void the_sync_refuses_to_start_when_a_remote_hostgroup_is_in_replication_hostgroups() throws Exception {
        fx.admin.execute("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, comment) "
                + "VALUES (9090, 9013, 'monitor')");
        assertThatThrownBy(() -> fx.startSync(REMOTE_HOSTGROUPS)).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("hostgroup 9013 is a reader_hostgroup");
        fx.sync = null;
    }
}
