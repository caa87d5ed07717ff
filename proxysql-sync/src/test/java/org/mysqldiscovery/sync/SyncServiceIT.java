package org.mysqldiscovery.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.sync.harness.SyncFixture;
import org.mysqldiscovery.sync.harness.TcpRelay;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;

/** The whole sync: real ZooKeeper, the admin stand-in (or a real ProxySQL), registrations written as agents do. */
class SyncServiceIT {
    static final Duration CONVERGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    SyncFixture fx;

    static org.awaitility.core.ConditionFactory converge() {
        // The test's own admin connection breaks in outage tests: retry the condition rather than fail on it.
        return await().atMost(CONVERGE).pollInterval(Duration.ofMillis(20)).ignoreExceptions();
    }

    @BeforeEach
    void start(TestInfo test) throws Exception {
        fx = SyncFixture.create(dir, "SyncServiceIT." + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void a_registration_is_routed_and_the_status_node_and_endpoints_say_so() throws Exception {
        fx.startSync();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        long zxid = fx.agents.register("orders", Role.REPLICA, "db2:3306", 50, 70);

        converge().until(() -> fx.appliedZxid() >= zxid);
        assertThat(fx.admin.routed(9000, 9098)).containsExactly("9010 db1:3306", "9011 db2:3306");
        assertThat(fx.admin.rows("runtime_mysql_servers", 9011, 9011))
                .containsExactly("9011 db2:3306 ONLINE 50 70 mysql-discovery:orders/replica");
        SyncStatus status = fx.status();
        assertThat(status.proxysql()).isEqualTo(fx.admin.host() + ":" + fx.admin.port());
        assertThat(status.mode()).isEqualTo(SyncMode.APPLY);
        assertThat(status.blind()).isFalse();
        assertThat(status.planDigest()).isNotBlank();
        assertThat(status.appliedAt()).isNotNull();
        assertThat(status.guards()).containsEntry("*", "ok").containsEntry("users", "no-primary");

        String statusBody = fx.get("/status");
        assertThat(statusBody).startsWith("200 ");
        JsonNode report = PayloadCodec.mapper().readTree(statusBody.substring(4));
        assertThat(report.path("appliedZxid").asLong()).isGreaterThanOrEqualTo(zxid);
        assertThat(report.path("blind").asBoolean()).isFalse();
        assertThat(report.path("pollTimeout").path("millis").asLong()).isPositive();
        if (fx.admin.isStandIn()) {
            assertThat(report.path("pollTimeout").path("warning").asBoolean()).as("ProxySQL's default 2000 ms")
                    .isTrue();
        }
        assertThat(fx.get("/health")).startsWith("200 ");
        String metrics = fx.get("/metrics");
        assertThat(metrics).contains("mysql_discovery_sync_applies_total")
                .contains("mysql_discovery_sync_pass_duration_seconds_bucket")
                .contains("mysql_discovery_sync_change_routed_duration_seconds_count")
                .contains("mysql_discovery_zookeeper_connected 1")
                .contains("mysql_discovery_sync_proxysql_poll_timeout_warning 1")
                .contains("mysql_discovery_sync_guard_active{guard=\"double_primary\",schema=\"orders\"} 0")
                .contains("mysql_discovery_sync_guard_trips_total{guard=\"blind\"}")
                .contains("mysql_discovery_sync_view_untrusted_registrations 0")
                .contains("mysql_discovery_zookeeper_unauthenticated 1"); // this harness runs with the explicit opt-out
    }

    @Test
    void a_thousand_changes_in_one_second_end_in_a_handful_of_applies_with_the_right_rows() throws Exception {
        fx.startSync();
        fx.agents.register("orders", Role.PRIMARY, "db0:3306");
        for (int i = 0; i < 400; i++) {
            fx.agents.register("orders", Role.REPLICA, "p" + i + ":3306");
        }
        converge().until(() -> fx.admin.routed(9011, 9011).size() == 400);
        long appliesBefore = fx.sync.reconciler().metrics().applies();

        // 600 new replicas, 200 leave, 200 change weight: no intermediate state removes half of the servers.
        CountDownLatch done = new CountDownLatch(1_000);
        AtomicReference<Exception> failure = new AtomicReference<>();
        var client = fx.agents.client();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            String instance;
            org.apache.curator.framework.api.BackgroundCallback callback = (c, e) -> {
                if (e.getResultCode() != 0) {
                    failure.set(new IllegalStateException(e.getType() + " " + e.getPath() + ": " + e.getResultCode()));
                }
                done.countDown();
            };
            if (i % 5 == 0 || i % 5 == 1 || i % 5 == 2) {
                instance = "n" + (i / 5 * 3 + i % 5) + ":3306";
                client.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                        .inBackground(callback).forPath(path("replica", instance), payload("replica", instance, 0));
            } else if (i % 5 == 3) {
                instance = "p" + (i / 5) + ":3306";
                client.delete().inBackground(callback).forPath(path("replica", instance));
            } else {
                instance = "p" + (200 + i / 5) + ":3306";
                client.setData().inBackground(callback).forPath(path("replica", instance),
                        payload("replica", instance, 77));
            }
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        long burstMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failure.get()).isNull();

        List<String> expected = new ArrayList<>();
        expected.add("9010 db0:3306");
        converge().until(() -> fx.admin.routed(9011, 9011).size() == 800);
        // Runtime shows the rows at LOAD; the apply is counted once it has been verified, a moment later.
        converge().until(() -> fx.sync.reconciler().metrics().applies() > appliesBefore);
        long applies = fx.sync.reconciler().metrics().applies() - appliesBefore;
        System.out.println("[SyncServiceIT] 1,000 changes written in " + burstMillis + " ms ended in " + applies
                + " applies");
        assertThat(applies).isBetween(1L, 15L);
        List<String> runtime = fx.admin.rows("runtime_mysql_servers", 9010, 9011);
        assertThat(runtime).hasSize(801).contains("9010 db0:3306 ONLINE 1000 1000 mysql-discovery:orders/primary");
        assertThat(runtime).filteredOn(r -> r.contains(" p")).hasSize(200)
                .allSatisfy(r -> assertThat(r).contains(" ONLINE 77 "));
        assertThat(runtime).filteredOn(r -> r.contains(" n")).hasSize(600);
        assertThat(runtime).noneMatch(r -> r.startsWith("9011 p1:") || r.startsWith("9011 p199:"));
        assertThat(fx.sync.reconciler().report().counts().refusedPasses()).isZero();
    }

    private String path(String role, String instance) {
        return fx.agents.layout().registrationPath(SchemaName.of("orders"), Role.fromToken(role),
                Instance.parse(instance));
    }

    private static byte[] payload(String role, String instance, int weight) {
        return PayloadCodec.encode(Registration.ofMysql(Instance.parse(instance), SchemaName.of("orders"),
                Role.fromToken(role), "dc1", weight, 0, Instant.now(), "test"));
    }

    @Test
    void an_admin_outage_is_survived_and_the_sync_converges_when_it_is_back() throws Exception {
        TcpRelay relay = null;
        if (fx.admin.isStandIn()) {
            fx.startSync();
        } else {
            relay = new TcpRelay(fx.admin.host(), fx.admin.port());
            relay.start();
            int relayPort = relay.port();
            fx.startSync(c -> c.admin("127.0.0.1", relayPort, fx.admin.user(), fx.admin.password()));
        }
        try {
            fx.agents.register("orders", Role.PRIMARY, "db1:3306");
            converge().until(() -> fx.admin.routed(9010, 9010).equals(List.of("9010 db1:3306")));

            if (relay != null) {
                relay.stop();
            } else {
                fx.admin.standIn().orElseThrow().stop();
            }
            fx.agents.register("orders", Role.REPLICA, "db2:3306");
            converge().until(() -> fx.sync.reconciler().report().consecutiveFailures() >= 2);
            assertThat(fx.get("/health")).startsWith("503 ");
            assertThat(fx.sync.reconciler().report().lastError().message()).contains("connect");

            if (relay != null) {
                relay.start();
            } else {
                fx.admin.standIn().orElseThrow().start();
            }
            converge().until(() -> fx.admin.routed(9010, 9011)
                    .equals(List.of("9010 db1:3306", "9011 db2:3306")));
            converge().until(() -> fx.sync.reconciler().report().consecutiveFailures() == 0);
            assertThat(fx.sync.reconciler().state()).isEqualTo(org.mysqldiscovery.common.lifecycle.State.STARTED);
            assertThat(fx.sync.reconciler().metrics().failures()).isGreaterThanOrEqualTo(2);
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    @Test
    void drift_is_repaired_on_a_full_pass() throws Exception {
        fx.startSync();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        long zxid = fx.agents.register("orders", Role.REPLICA, "db2:3306");
        converge().until(() -> fx.appliedZxid() >= zxid);

        fx.admin.execute("UPDATE mysql_servers SET weight=5 WHERE hostgroup_id=9011");
        fx.admin.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES "
                + "(9010, 'intruder', 3306, 'hand-made')");
        fx.admin.execute("LOAD MYSQL SERVERS TO RUNTIME");
        fx.sync.reconciler().requestFullPass();

        converge().until(() -> fx.admin.rows("runtime_mysql_servers", 9010, 9011).equals(List.of(
                "9010 db1:3306 ONLINE 1000 1000 mysql-discovery:orders/primary",
                "9011 db2:3306 ONLINE 1000 1000 mysql-discovery:orders/replica")));
        converge().until(() -> fx.sync.reconciler().metrics().driftRepairs() >= 1);
    }

    @Test
    void dry_run_plans_but_never_writes() throws Exception {
        fx.startSync(c -> c.mode(SyncMode.DRY_RUN));
        fx.admin.clearStatements();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        converge().until(() -> fx.sync.reconciler().report().counts().dryRunPlans() >= 1);
        fx.sync.reconciler().requestFullPass();
        converge().until(() -> fx.sync.reconciler().report().counts().passes() >= 3);

        assertThat(fx.admin.routed(9000, 9098)).isEmpty();
        assertThat(fx.admin.statements()).noneMatch(s -> s.startsWith("REPLACE") || s.startsWith("DELETE")
                || s.startsWith("LOAD") || s.startsWith("SAVE"));
        SyncStatus status = fx.status();
        assertThat(status.mode()).isEqualTo(SyncMode.DRY_RUN);
        assertThat(status.appliedZxid()).isEqualTo(-1);
    }

    @Test
    void the_sync_refuses_to_start_when_a_managed_hostgroup_is_in_replication_hostgroups() throws Exception {
        fx.admin.execute("INSERT INTO mysql_replication_hostgroups (writer_hostgroup, reader_hostgroup, comment) "
                + "VALUES (9020, 9021, 'monitor')");
        assertThatThrownBy(fx::startSync).isInstanceOf(HostgroupConflictException.class)
                .hasMessageContaining("hostgroup 9020 is a writer_hostgroup")
                .hasMessageContaining("hostgroup 9021 is a reader_hostgroup");
        fx.sync = null;
    }

    @Test
    void a_quarantined_primary_leaves_at_once_even_while_registered() throws Exception {
        fx.startSync();
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        fx.agents.register("orders", Role.REPLICA, "db2:3306");
        fx.agents.register("orders", Role.REPLICA, "db3:3306");
        converge().until(() -> fx.admin.routed(9010, 9011).size() == 3);

        long zxid = fx.agents.quarantine("db1:3306");
        converge().until(() -> fx.appliedZxid() >= zxid);
        assertThat(fx.admin.routed(9010, 9011)).containsExactly("9011 db2:3306", "9011 db3:3306");
        assertThat(fx.status().guards()).containsEntry("orders", "no-primary");
    }

    @Test
    void an_unknown_schema_is_ignored_and_reported() throws Exception {
        fx.startSync();
        fx.agents.register("billing", Role.PRIMARY, "b1:3306");
        long zxid = fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        converge().until(() -> fx.appliedZxid() >= zxid);
        assertThat(fx.admin.routed(0, 100_000)).noneMatch(r -> r.contains(" b1:"));
        JsonNode report = PayloadCodec.mapper().readTree(fx.get("/status").substring(4));
        assertThat(report.path("unknownSchemas").path("count").asInt()).isEqualTo(1);
        assertThat(report.path("unknownSchemas").path("sample").get(0).asText()).isEqualTo("billing");
    }

    @Test
    void an_empty_view_at_start_does_not_empty_a_populated_proxysql() throws Exception {
        fx.admin.execute("INSERT INTO mysql_servers (hostgroup_id, hostname, port, comment) VALUES "
                + "(9010, 'db1', 3306, 'mysql-discovery:orders/primary'), (9011, 'db2', 3306, 'x')");
        fx.admin.execute("LOAD MYSQL SERVERS TO RUNTIME");
        fx.startSync();
        converge().until(() -> fx.sync.reconciler().report().counts().refusedPasses() >= 1);
        assertThat(fx.admin.routed(9010, 9011)).containsExactly("9010 db1:3306", "9011 db2:3306");
        assertThat(fx.status().guards()).containsEntry("*", "mass-removal");
        assertThat(fx.appliedZxid()).isEqualTo(-1);

        // Once the view is back, the guard clears by itself and the view is applied.
        fx.agents.register("orders", Role.PRIMARY, "db1:3306");
        fx.agents.register("orders", Role.REPLICA, "db2:3306");
        converge().until(() -> fx.status().guards().get("*").equals("ok"));
        converge().until(() -> fx.admin.rows("runtime_mysql_servers", 9011, 9011)
                .equals(List.of("9011 db2:3306 ONLINE 1000 1000 mysql-discovery:orders/replica")));
    }

    @Test
    void the_status_node_is_ephemeral_and_goes_with_the_sync() throws Exception {
        fx.startSync();
        converge().until(() -> fx.status() != null);
        fx.sync.close();
        assertThat(fx.status()).isNull();
    }

    @Test
    void garbage_in_zookeeper_does_not_stop_the_sync() throws Exception {
        fx.startSync();
        var client = fx.agents.client();
        String root = fx.agents.layout().mysqlRoot();
        client.create().creatingParentsIfNeeded().forPath(root + "/orders/replica/bad:3306", "{not json".getBytes());
        client.create().creatingParentsIfNeeded().forPath(root + "/orders/primary/db9:3306", new byte[0]);
        client.create().creatingParentsIfNeeded().forPath(root + "/Orders/primary/db8:3306", "x".getBytes());
        client.create().creatingParentsIfNeeded().forPath(root + "/orders/primary/db7:3306/child", "x".getBytes());
        client.create().creatingParentsIfNeeded().forPath(fx.agents.layout().quarantineRoot() + "/junk", new byte[0]);
        long zxid = fx.agents.register("orders", Role.REPLICA, "db2:3306");
        converge().until(() -> fx.appliedZxid() >= zxid);
        assertThat(fx.admin.routed(9000, 9098)).containsExactly("9011 db2:3306");
        JsonNode report = PayloadCodec.mapper().readTree(fx.get("/status").substring(4));
        assertThat(report.path("ignoredNodes").path("count").asInt()).isGreaterThanOrEqualTo(4);
    }
}
