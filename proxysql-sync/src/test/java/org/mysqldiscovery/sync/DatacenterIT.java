package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings.RemoteSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings.ServerDefaultsSettings;
import org.mysqldiscovery.sync.harness.PagerReceiver;
import org.mysqldiscovery.sync.harness.SyncFixture;

/**
 * Issue 18 end to end in one sync: a ProxySQL in {@code east} reads from its own datacenter, falls back to {@code
 * west} when its replicas go, comes back when one returns, and pages once when the primary moves to {@code west}.
 * Real ZooKeeper, the admin target, a local PagerDuty-shaped receiver. orders: 9010 writer, 9011 replica (exclude),
 * 9012 reporting-replica (weight 7 for remote ones).
 */
class DatacenterIT {
    @TempDir
    Path dir;
    SyncFixture fx;
    PagerReceiver pagerDuty;

    @BeforeEach
    void start() throws Exception {
        fx = SyncFixture.create(dir, "DatacenterIT");
        pagerDuty = new PagerReceiver();
        Path key = dir.resolve("routing-key");
        Files.writeString(key, "test-routing-key\n");
        PagerSettings pager = new PagerSettings("pagerduty", pagerDuty.url(), SecretFile.read(key), 2_000, 3, 100);
        RoleDefaultsSettings defaults = new RoleDefaultsSettings(null,
                new ServerDefaultsSettings(1000, 1000, new RemoteSettings("exclude", null)),
                new ServerDefaultsSettings(100, 1000, new RemoteSettings("weight", 7)));
        fx.startSync(c -> c.pager(pager).datacenter("east").defaults(defaults));
        fx.agents.registerIn("east", "orders", Role.PRIMARY, "p1:3306");
        fx.agents.registerIn("east", "orders", Role.REPLICA, "e1:3306");
        fx.agents.registerIn("west", "orders", Role.REPLICA, "w1:3306");
        fx.agents.registerIn("east", "orders", Role.REPORTING_REPLICA, "e2:3306");
        fx.agents.registerIn("west", "orders", Role.REPORTING_REPLICA, "w2:3306");
        fx.agents.registerIn("east", "users", Role.PRIMARY, "u1:3306");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
        pagerDuty.close();
    }

    /** Runtime rows as "hostgroup host:port weight". */
    List<String> weighted(int from, int to) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (List<String> r : fx.admin.query("SELECT hostgroup_id, hostname, port, weight FROM runtime_mysql_servers"
                + " WHERE hostgroup_id BETWEEN " + from + " AND " + to + " AND status IN ('ONLINE','SHUNNED')"
                + " ORDER BY hostgroup_id, hostname, port")) {
            rows.add(r.get(0) + " " + r.get(1) + ":" + r.get(2) + " " + r.get(3));
        }
        return rows;
    }

    @Test
    void reads_stay_local_fall_back_to_the_other_datacenter_and_come_home() throws Exception {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> weighted(9010, 9012).equals(List.of(
                "9010 p1:3306 1000", "9011 e1:3306 1000", "9012 e2:3306 100", "9012 w2:3306 7")));
        assertThat(fx.sync.reconciler().metrics().remoteFallbacks()).isEqualTo(0L);

        fx.agents.deregister("orders", Role.REPLICA, "e1:3306"); // the local replica fails its checks
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> weighted(9011, 9011).equals(List.of(
                "9011 w1:3306 1000")));
        assertThat(fx.sync.reconciler().metrics().remoteFallbacks()).isEqualTo(1L);

        fx.agents.deregister("orders", Role.REPORTING_REPLICA, "e2:3306");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> weighted(9012, 9012).equals(List.of(
                "9012 w2:3306 100")));

        fx.agents.registerIn("east", "orders", Role.REPLICA, "e1:3306"); // back: the remote one leaves again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> weighted(9011, 9011).equals(List.of(
                "9011 e1:3306 1000")));
        assertThat(weighted(9010, 9010)).containsExactly("9010 p1:3306 1000");
        assertThat(pagerDuty.events()).isEmpty();
    }

    @Test
    void a_primary_moving_to_the_other_datacenter_pages_once_and_resolves_when_it_is_back() throws Exception {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> fx.admin.routed(9010, 9010).equals(List.of("9010 p1:3306")));

        fx.agents.deregister("orders", Role.PRIMARY, "p1:3306");
        fx.agents.deregister("orders", Role.REPLICA, "w1:3306");
        fx.agents.registerIn("west", "orders", Role.PRIMARY, "w1:3306"); // promoted across datacenters
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> fx.admin.routed(9010, 9010).equals(List.of("9010 w1:3306")));
        await().atMost(Duration.ofSeconds(10)).until(() -> pagerDuty.events("trigger", "primary-moved-datacenter")
                .size() == 1);
        JsonNode trigger = pagerDuty.events("trigger", "primary-moved-datacenter").get(0);
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("mysql-discovery/primary-moved-datacenter/orders@"
                + fx.admin.host() + ":" + fx.admin.port());
        assertThat(trigger.path("payload").path("summary").asText()).contains("orders").contains("west")
                .contains("east").contains("w1:3306");
        // Writes go to the one primary wherever it is; still one trigger while it stays there.
        fx.agents.registerIn("west", "users", Role.REPLICA, "u2:3306");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> fx.admin.routed(9021, 9021).equals(List.of("9021 u2:3306")));
        assertThat(pagerDuty.events("trigger", "primary-moved-datacenter")).hasSize(1);

        fx.agents.deregister("orders", Role.PRIMARY, "w1:3306");
        fx.agents.registerIn("east", "orders", Role.PRIMARY, "p1:3306"); // switched back home
        await().atMost(Duration.ofSeconds(10)).until(() -> pagerDuty.events("resolve", "primary-moved-datacenter")
                .size() == 1);
        assertThat(pagerDuty.events("trigger", "primary-moved-datacenter")).hasSize(1);
    }
}
