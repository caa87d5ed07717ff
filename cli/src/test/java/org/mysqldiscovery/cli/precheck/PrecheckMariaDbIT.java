package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mysqldiscovery.cli.support.Blackhole;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.SharedSandbox;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sandbox.Sandbox;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.mysql.ReplicaStatus;

/**
 * {@code precheck} on real MariaDB with GTID replication (the sandbox: a primary and three replicas). The tests share
 * one cluster and run in order; each leaves it as it found it, except the errant-transaction test, which runs last.
 */
@ExtendWith(SharedSandbox.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrecheckMariaDbIT {
    static final ObjectMapper JSON = new ObjectMapper();
    Sandbox sandbox;

    MariaDbCluster cluster;
    MariaDbServer primary;
    MariaDbServer r1;
    MariaDbServer r2;
    MariaDbServer r3;

    @BeforeEach
    void cluster(Sandbox shared) {
        sandbox = shared;
        cluster = sandbox.cluster(SharedSandbox.SCHEMA);
        primary = cluster.primary();
        List<MariaDbServer> replicas = cluster.replicas();
        r1 = replicas.get(0);
        r2 = replicas.get(1);
        r3 = replicas.get(2);
        primary.execute("CREATE TABLE IF NOT EXISTS sandbox.precheck (id INT AUTO_INCREMENT PRIMARY KEY, note TEXT)");
        cluster.awaitCaughtUp(replicas, Duration.ofSeconds(20));
    }

    Result precheck(String... extra) {
        List<String> args = new ArrayList<>(List.of("precheck", "--cluster", "orders", "--failed", primary.instance(),
                "--mysql-user", sandbox.agentCredentials().user(),
                "--mysql-password-file", sandbox.agentCredentials().passwordFile().toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    String replicas(String... instances) {
        return String.join(",", instances);
    }

    static int closedPort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    @Order(1)
    void a_clean_cluster_passes_with_a_one_line_verdict_first() {
        Result r = precheck("--replicas", replicas(r1.instance(), r2.instance(), r3.instance()));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String first = r.out().lines().findFirst().orElseThrow();
        assertThat(first).startsWith("PASS: 3 of 3 replicas reached, 3 fit")
                .contains("no errant transaction", "[cluster orders, failed " + primary.instance());
        assertThat(r.out()).contains("info failed-primary " + primary.instance() + ": answered");
        assertThat(r.err()).isEmpty();
    }

    @Test
    @Order(2)
    void the_json_document_has_the_documented_shape() throws Exception {
        Result r = precheck("--replicas", replicas(r1.instance(), r2.instance()), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        List<String> fields = new ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("verdict", "summary", "cluster", "failed", "maxLagSeconds",
                "deadlineMillis", "elapsedMillis", "mostAdvanced", "knownHistory", "replicas", "findings");
        assertThat(doc.get("verdict").asText()).isEqualTo("pass");
        JsonNode replica = doc.get("replicas").get(0);
        List<String> replicaFields = new ArrayList<>();
        replica.fieldNames().forEachRemaining(replicaFields::add);
        assertThat(replicaFields).containsExactly("instance", "state", "flavor", "lagSeconds", "lagBasis", "fit",
                "errantGtids", "gtids", "error", "datacenter");
        assertThat(replica.get("flavor").asText()).isEqualTo("mariadb");
        assertThat(replica.get("gtids").get("gtid_slave_pos").asText()).isEqualTo(r1.gtidSlavePos().toString());
        assertThat(doc.get("findings").get(0).fieldNames()).toIterable()
                .containsExactly("severity", "kind", "instance", "gtid", "message");
    }

    @Test
    @Order(3)
    void a_clean_cluster_whose_primary_is_dead_passes() throws Exception {
        primary.execute("INSERT INTO sandbox.precheck (note) VALUES ('before the crash')");
        cluster.awaitCaughtUp(cluster.replicas(), Duration.ofSeconds(20));
        cluster.kill9(primary);
        try {
            Result r = precheck("--replicas", replicas(r1.instance(), r2.instance(), r3.instance()));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("info failed-primary " + primary.instance() + ": not reachable");
        } finally {
            cluster.start(primary, false);
            // Receivers reconnect by themselves; the next tests need them connected, not still retrying.
            cluster.replicas().forEach(cluster::startReplication);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.replicas().stream()
                    .allMatch(r -> cluster.replicaStatus(r).map(ReplicaStatus::replicating).orElse(false)));
        }
    }

    @Test
    @Order(4)
    void the_only_fit_replica_lagging_fails() throws Exception {
        String unreachable = "127.0.0.1:" + closedPort();
        cluster.createLag(r3, Duration.ofHours(1));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.replicaStatus(r3).orElseThrow()
                    .secondsBehindMaster().orElse(0) >= 2);

            Result r = precheck("--replicas", replicas(unreachable, r3.instance()), "--max-lag-seconds", "1");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out().lines().findFirst().orElseThrow())
                    .startsWith("FAIL: no replica within 1 s of the most advanced");
            assertThat(r.out()).contains("warning unreachable " + unreachable + ": connection refused")
                    .containsPattern("info lag " + r3.instance() + ": \\d+ s \\(Seconds_Behind_Master\\), not fit");
        } finally {
            cluster.clearLag(r3);
        }
    }

    @Test
    @Order(5)
    void a_replica_that_stopped_applying_what_it_received_is_not_fit() throws Exception {
        r3.execute("STOP SLAVE SQL_THREAD");
        try {
            primary.execute("INSERT INTO sandbox.precheck (note) VALUES ('not applied on r3')");
            await().atMost(Duration.ofSeconds(10)).until(() -> !r3.gtidSlavePos().covers(
                    cluster.replicaStatus(r3).orElseThrow().gtidIoPos()));

            Result r = precheck("--replicas", r3.instance());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("info lag " + r3.instance() + ": unknown (not caught up and the SQL thread is"
                    + " stopped");
        } finally {
            r3.execute("START SLAVE SQL_THREAD");
        }
    }

    @Test
    @Order(6)
    void a_stopped_and_a_blackholed_replica_do_not_hold_it_past_its_deadline() throws Exception {
        cluster.stopMysqld(r1);
        try (Blackhole blackhole = new Blackhole()) {
            Result r = precheck("--replicas", replicas(r1.instance(), blackhole.instance(), r2.instance(),
                    r3.instance()), "--deadline", "2s");

            assertThat(r.took()).isLessThan(Duration.ofMillis(10 * 2000)); // 10x its budget (busy CI)
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("PASS: 2 of 4 replicas reached")
                    .contains("warning unreachable " + r1.instance() + ": connection refused")
                    .contains("warning unreachable " + blackhole.instance() + ": ");
            assertThat(blackhole.acceptedConnections()).isPositive();
        } finally {
            cluster.start(r1);
            cluster.repoint(r1);
        }
    }

    @Test
    @Order(7)
    void nothing_reachable_fails_within_the_deadline() throws Exception {
        try (Blackhole a = new Blackhole(); Blackhole b = new Blackhole()) {
            Result r = precheck("--replicas", replicas(a.instance(), b.instance(), "127.0.0.1:" + closedPort()),
                    "--deadline", "1s");
            assertThat(r.took()).isLessThan(Duration.ofMillis(10 * 1000)); // 10x its budget (busy CI)
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).startsWith("FAIL: no replica reachable");
        }
    }

    @Test
    @Order(8)
    void replicas_can_come_from_zookeeper() throws Exception {
        try (var zk = org.mysqldiscovery.common.zk.ZkClientFactory.create(
                org.mysqldiscovery.common.zk.ZkSettings.unauthenticated(sandbox.zookeeper().connectString(), null),
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR)) {
            zk.start();
            zk.blockUntilConnected();
            for (MariaDbServer replica : List.of(r1, r2)) {
                org.mysqldiscovery.common.model.Instance instance =
                        org.mysqldiscovery.common.model.Instance.parse(replica.instance());
                zk.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                        .forPath(org.mysqldiscovery.common.zk.ZkLayout.defaultLayout().registrationPath(
                                org.mysqldiscovery.common.model.SchemaName.of("orders"), Role.REPLICA, instance),
                                org.mysqldiscovery.common.model.PayloadCodec.encode(
                                        org.mysqldiscovery.common.model.Registration.ofMysql(instance,
                                                org.mysqldiscovery.common.model.SchemaName.of("orders"), Role.REPLICA,
                                                "dc1", 1, 10, java.time.Instant.now(), "test")));
            }
            Result r = precheck("--schema", "orders", "--allow-unauthenticated", "--zookeeper", sandbox.zookeeper().connectString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("PASS: 2 of 2 replicas reached");
        }
    }

    @Test
    @Order(8)
    void a_promotion_into_another_datacenter_is_refused_where_the_registrations_show_it() throws Exception {
        try (var zk = org.mysqldiscovery.common.zk.ZkClientFactory.create(
                org.mysqldiscovery.common.zk.ZkSettings.unauthenticated(sandbox.zookeeper().connectString(), null),
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR)) {
            zk.start();
            zk.blockUntilConnected();
            register(zk, primary, Role.PRIMARY, "east");
            register(zk, r1, Role.REPLICA, "west");
            register(zk, r2, Role.REPLICA, "east");
            String[] zookeeper = {"--allow-unauthenticated", "--zookeeper", sandbox.zookeeper().connectString()};

            Result onlyRemote = precheck(concat(zookeeper, "--replicas", r1.instance()));
            assertThat(onlyRemote.exitCode()).as(onlyRemote.toString()).isEqualTo(1);
            assertThat(onlyRemote.out()).startsWith("FAIL: cross-datacenter promotion").contains("\"west\"");

            Result allowed = precheck(concat(zookeeper, "--replicas", r1.instance(), "--allow-cross-datacenter"));
            assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
            assertThat(allowed.out()).contains("warning datacenter").contains("allowed (--allow-cross-datacenter");

            // Orchestrator leaves the successor literal before the promotion: judged by the fit replicas.
            Result literal = precheck(concat(zookeeper, "--replicas", r1.instance() + "," + r2.instance(),
                    "--successor", "{successorHost}:{successorPort}"));
            assertThat(literal.exitCode()).as(literal.toString()).isZero();
            assertThat(literal.out()).contains("info datacenter").contains("Orchestrator must promote one of them");

            Result namedRemote = precheck(concat(zookeeper, "--replicas", r1.instance() + "," + r2.instance(),
                    "--successor", r1.instance()));
            assertThat(namedRemote.exitCode()).as(namedRemote.toString()).isEqualTo(1);
            assertThat(namedRemote.out()).startsWith("FAIL: cross-datacenter promotion: successor " + r1.instance());

            Result hostile = precheck(concat(zookeeper, "--replicas", r1.instance(), "--successor", "$(id):1"));
            assertThat(hostile.exitCode()).as(hostile.toString()).isEqualTo(2);
            assertThat(hostile.err()).contains("--successor");
        }
        // No ZooKeeper to read: nothing known, a warning, not a refusal.
        Result blind = precheck("--replicas", r1.instance());
        assertThat(blind.exitCode()).as(blind.toString()).isZero();
        assertThat(blind.out()).contains("warning datacenter").contains("cross-datacenter check was not made");
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static void register(org.apache.curator.framework.CuratorFramework zk, MariaDbServer server, Role role,
            String datacenter) throws Exception {
        org.mysqldiscovery.common.model.Instance instance =
                org.mysqldiscovery.common.model.Instance.parse(server.instance());
        org.mysqldiscovery.common.model.SchemaName orders = org.mysqldiscovery.common.model.SchemaName.of("orders");
        zk.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                .forPath(org.mysqldiscovery.common.zk.ZkLayout.defaultLayout().registrationPath(orders, role, instance),
                        org.mysqldiscovery.common.model.PayloadCodec.encode(
                                org.mysqldiscovery.common.model.Registration.ofMysql(instance, orders, role,
                                        datacenter, 1, 10, java.time.Instant.now(), "test")));
    }

    @Test
    @Order(9)
    void bad_input_is_a_usage_error() {
        Result malformed = precheck("--replicas", r1.instance() + ",db2");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--replicas: element 2: instance \"db2\" has no port");

        Result none = CliRun.run("precheck", "--failed", primary.instance());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("name the replicas");

        Result noCredentials = CliRun.run("precheck", "--failed", primary.instance(), "--replicas", r1.instance());
        assertThat(noCredentials.exitCode()).isEqualTo(2);
        assertThat(noCredentials.err()).contains("precheck needs MySQL credentials");

        Result wrongPassword = CliRun.run("precheck", "--failed", primary.instance(), "--replicas", r1.instance(),
                "--mysql-user", sandbox.agentCredentials().user(), "--mysql-password-file",
                sandbox.replicationCredentials().passwordFile().toString());
        assertThat(wrongPassword.exitCode()).isEqualTo(1);
        assertThat(wrongPassword.out()).contains("fatal unreadable " + r1.instance() + ": answered but cannot be"
                + " checked: access denied");
    }

    @Test
    @Order(100)
    void an_errant_transaction_on_a_replica_fails_naming_the_replica_and_the_gtid() throws Exception {
        try (var c = r2.connect(); var s = c.createStatement()) {
            assertThat(r2.readOnly()).isTrue();
            s.execute("SET SESSION sql_log_bin=1");
            s.execute("INSERT INTO sandbox.precheck (note) VALUES ('errant, written on a read-only replica')");
        }
        String errant = r2.gtidBinlogPos().toString();
        assertThat(errant).startsWith("0-" + r2.serverId() + "-");

        Result r = precheck("--replicas", replicas(r1.instance(), r2.instance(), r3.instance()));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out().lines().findFirst().orElseThrow())
                .startsWith("FAIL: errant transaction on " + r2.instance() + " (" + errant + ")");
        assertThat(r.out()).contains("fatal errant " + r2.instance() + " " + errant + ": ");
    }
}
