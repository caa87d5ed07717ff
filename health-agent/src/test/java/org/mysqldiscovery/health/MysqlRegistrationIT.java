package org.mysqldiscovery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.testing.MariaDbServer;
import org.mysqldiscovery.health.testing.NodeEvents;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.TestCluster;
import org.mysqldiscovery.health.testing.ZkServer;

/** The health agent against real MariaDB servers and a real ZooKeeper: the "must show" list. */
class MysqlRegistrationIT {
    private static final AtomicInteger ROOTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INTERVAL = 200;
    private static ZkServer zk;
    private static TestCluster cluster;

    @TempDir
    Path roleDirPath;
    private RoleDirectory roles;
    private String root;
    private RunningAgent agent;
    private NodeEvents events;

    @BeforeAll
    static void servers() {
        zk = ZkServer.create(200, true);
        cluster = TestCluster.get();
    }

    @AfterAll
    static void stopZk() {
        zk.close();
    }

    @BeforeEach
    void setUp() throws RoleFileException {
        root = "/it" + ROOTS.incrementAndGet();
        // Each test starts from a writable primary, whatever a fence in an earlier test left behind.
        cluster.primary().sql("SET GLOBAL read_only = OFF");
        roles = new RoleDirectory(roleDirPath);
        roles.writeSchema(SchemaName.of("orders"));
        zk.create(root + "/quarantine", "");
        events = new NodeEvents(zk.client(), root);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        events.close();
    }

    private RunningAgent start(MariaDbServer server, String extra) {
        agent = RunningAgent.start(RunningAgent.yaml(zk, root, server, cluster.passwordFile(), roleDirPath, extra));
        return agent;
    }

    private String path(String role, MariaDbServer server) {
        return root + "/mysql/orders/" + role + "/127.0.0.1:" + server.port();
    }

    private void awaitRegistered(String path) {
        await("registered " + path).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> zk.exists(path));
        await("/health 200").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> agent.health().status() == 200);
    }

    private long awaitUnregistered(String path, Duration within) {
        long start = System.nanoTime();
        await("unregistered " + path).atMost(within).pollInterval(Duration.ofMillis(2))
                .until(() -> !zk.exists(path));
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits until /health shows the check failing, and asserts nothing was ever registered. */
    private RunningAgent.Health awaitRefused(String check, String messagePart) {
        AtomicReference<RunningAgent.Health> last = new AtomicReference<>();
        await("/health names " + check).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    RunningAgent.Health h = agent.health();
                    last.set(h);
                    assertThat(h.status()).isEqualTo(503);
                    assertThat(h.check(check)).isIn("fail", "unknown");
                    assertThat(h.message(check)).contains(messagePart);
                    assertThat(h.whyNot()).contains(check + ": ");
                });
        assertThat(events.events()).as("no registration ever created")
                .noneMatch(e -> e.type().equals("create") && e.path().contains("/mysql/"));
        return last.get();
    }

    @Test
    void a_healthy_replica_is_registered_with_the_contract_payload_within_three_seconds()
            throws RoleFileException, IOException {
        roles.writeRole(Role.REPLICA);
        long start = System.nanoTime();
        start(cluster.replica(), "");
        String path = path("replica", cluster.replica());
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5)).until(() -> zk.exists(path));
        System.out.printf("first registration %d ms after start (in-process)%n", (System.nanoTime() - start) / 1_000_000);

        JsonNode payload = JSON.readTree(zk.data(path));
        assertThat(payload.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(payload.get("port").asInt()).isEqualTo(cluster.replica().port());
        assertThat(payload.get("schema").asText()).isEqualTo("orders");
        assertThat(payload.get("role").asText()).isEqualTo("replica");
        assertThat(payload.get("datacenter").asText()).isEqualTo("dc-test");
        assertThat(payload.get("weight").asInt()).as("no opinion: the sync applies its default").isZero();
        assertThat(payload.get("maxConnections").asInt()).isZero();
        assertThat(Instant.parse(payload.get("registeredAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(payload.get("agentVersion").asText()).isNotBlank();
        assertThat(zk.stat(path).getEphemeralOwner()).as("ephemeral").isNotZero();

        awaitRegistered(path);
        RunningAgent.Health health = agent.health();
        assertThat(health.body().get("registered").asBoolean()).isTrue();
        assertThat(health.body().get("registrationPath").asText()).isEqualTo(path);
        assertThat(health.body().get("zookeeper").get("state").asText()).isEqualTo("CONNECTED");
        assertThat(health.whyNot()).isEqualTo("[]");
        for (String check : List.of("roleFiles", "quarantine", "drain", "mysqld", "roleConsistency", "replication")) {
            assertThat(health.check(check)).as(check).isEqualTo("pass");
        }
        assertThat(health.check("restoreMarker")).isEqualTo("skipped");
        assertThat(health.message("replication")).contains("Seconds_Behind_Master=0");
        for (JsonNode check : health.body().get("checks")) {
            assertThat(check.has("durationMillis")).isTrue();
        }
        String metrics = agent.metrics();
        assertThat(metrics).contains("mysql_discovery_health_registered 1",
                "mysql_discovery_zookeeper_connected 1", "mysql_discovery_health_check_passing{check=\"replication\"} 1",
                "mysql_discovery_health_check_duration_seconds_bucket{check=\"mysqld\"",
                "mysql_discovery_health_target{role=\"replica\",schema=\"orders\"} 1",
                "mysql_discovery_build_info{program=\"health-agent\"",
                "mysql_discovery_zookeeper_unauthenticated 1" /* this harness runs with the explicit opt-out */,
                "mysql_discovery_health_watchdog_tripped 0", "mysql_discovery_file_io_timeouts_total 0");
    }

    @Test
    void stopped_replication_unregisters_within_one_interval_and_registers_again_after_rise()
            throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        start(cluster.replica(), "rise: 2\nfall: 1\n");
        String path = path("replica", cluster.replica());
        awaitRegistered(path);
        try {
            cluster.replica().sql("STOP SLAVE");
            long took = awaitUnregistered(path, Duration.ofMillis(INTERVAL + 300));
            System.out.printf("replication stopped -> unregistered in %d ms (interval %d, fall 1)%n", took, INTERVAL);
            assertThat(agent.health().message("replication")).contains("thread is No");
            assertThat(agent.health().status()).isEqualTo(503);
        } finally {
            cluster.replica().sql("START SLAVE");
        }
        long restarted = System.nanoTime();
        awaitRegistered(path);
        long back = (System.nanoTime() - restarted) / 1_000_000;
        System.out.printf("replication started -> registered in %d ms (rise 2)%n", back);
        // rise 2: the first passing round does not register; the second, one interval later, does.
        assertThat(back).isGreaterThanOrEqualTo(INTERVAL - 50);
    }

    @Test
    void lag_over_the_limit_by_the_heartbeat_table_unregisters_and_registers_again_when_caught_up()
            throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        cluster.beat(0);
        start(cluster.replica(), "heartbeat: {table: percona.heartbeat, maxLagMillis: 3000}\n");
        String path = path("replica", cluster.replica());
        awaitRegistered(path);
        assertThat(agent.health().message("replication")).contains("heartbeat percona.heartbeat");

        cluster.beat(60_000);
        cluster.awaitReplicaCaughtUp();
        long took = awaitUnregistered(path, Duration.ofMillis(INTERVAL + 300));
        System.out.printf("lag over the limit -> unregistered in %d ms%n", took);
        assertThat(agent.health().message("replication")).contains("exceeds 3000 ms");

        cluster.beat(0);
        awaitRegistered(path);
    }

    @Test
    void a_missing_restore_marker_keeps_the_instance_out_until_it_appears() throws RoleFileException, IOException {
        roles.writeRole(Role.REPLICA);
        Path marker = roleDirPath.resolveSibling(roleDirPath.getFileName() + "-restored");
        start(cluster.replica(), "restoreMarkerFile: " + marker + "\n");
        awaitRefused("restoreMarker", "does not exist");
        Files.writeString(marker, "");
        awaitRegistered(path("replica", cluster.replica()));
        Files.delete(marker);
    }

    @Test
    void an_unloaded_buffer_pool_keeps_the_instance_out_when_required() throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        MariaDbServer replica = cluster.replica();
        String status = replica.query("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                + "WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_LOAD_STATUS'");
        org.junit.jupiter.api.Assumptions.assumeTrue(status == null || status.isEmpty(),
                "the shared replica's buffer pool was already loaded: " + status);
        start(replica, "requireBufferPoolLoaded: true\n");
        awaitRefused("bufferPool", "has not run");

        replica.sql("SET GLOBAL innodb_buffer_pool_dump_now = ON");
        await().atMost(Duration.ofSeconds(10)).until(() -> replica.query("SELECT VARIABLE_VALUE FROM "
                + "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_DUMP_STATUS'")
                .contains("completed"));
        replica.sql("SET GLOBAL innodb_buffer_pool_load_now = ON");
        awaitRegistered(path("replica", replica));
        assertThat(agent.health().message("bufferPool")).contains("load completed");
    }

    @Test
    void a_primary_with_read_only_on_is_not_registered() throws RoleFileException {
        roles.writeRole(Role.PRIMARY);
        MariaDbServer primary = cluster.primary();
        primary.sql("SET GLOBAL read_only = ON");
        try {
            start(primary, "");
            awaitRefused("roleConsistency", "read_only=ON");
        } finally {
            primary.sql("SET GLOBAL read_only = OFF");
        }
        awaitRegistered(path("primary", primary));
    }

    @Test
    void a_writable_replica_is_not_registered() throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        MariaDbServer replica = cluster.replica();
        replica.sql("SET GLOBAL read_only = OFF");
        try {
            start(replica, "");
            awaitRefused("roleConsistency", "read_only=OFF");
        } finally {
            replica.sql("SET GLOBAL read_only = ON");
        }
        awaitRegistered(path("replica", replica));
    }

    @Test
    void a_replica_role_on_a_server_that_does_not_replicate_is_not_registered() throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        MariaDbServer primary = cluster.primary();
        primary.sql("SET GLOBAL read_only = ON");
        try {
            start(primary, "");
            awaitRefused("roleConsistency", "not replicating");
            assertThat(agent.health().message("replication")).contains("not replicating");
        } finally {
            primary.sql("SET GLOBAL read_only = OFF");
        }
    }

    @Test
    void a_quarantined_instance_is_unregistered_and_a_writable_former_primary_is_fenced() throws RoleFileException {
        roles.writeRole(Role.PRIMARY);
        MariaDbServer primary = cluster.primary();
        start(primary, "");
        String path = path("primary", primary);
        awaitRegistered(path);
        String quarantine = root + "/quarantine/127.0.0.1:" + primary.port();
        try {
            long start = System.nanoTime();
            zk.create(quarantine, "{\"reason\":\"superseded by 10.0.0.2:3306\",\"createdBy\":\"role-agent\","
                    + "\"createdAt\":\"2025-01-01T00:00:00Z\"}");
            long took = awaitUnregistered(path, Duration.ofSeconds(1));
            System.out.printf("quarantined -> unregistered in %d ms%n", took);
            await("fenced").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> "ON".equals(primary.variable("read_only")));
            System.out.printf("quarantined -> fenced (read_only=ON) in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                RunningAgent.Health h = agent.health();
                assertThat(h.status()).isEqualTo(503);
                assertThat(h.message("quarantine")).contains("superseded by 10.0.0.2:3306", "role-agent");
                assertThat(h.body().get("fencing").get("lastFencedAt").isNull()).isFalse();
                assertThat(agent.metrics()).contains("mysql_discovery_health_fencing_total{outcome=\"fenced\"} 1.0");
            });
            // The fenced server is read-only now, so the primary role fails too: it stays out on both counts.
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> agent.health().message("roleConsistency").contains("read_only=ON"));
        } finally {
            zk.delete(quarantine);
            // A round that started while the quarantine was still there may fence once more after this un-fencing
            // (the rounds run on their own thread): un-fence until the agent registers, as an operator would.
            await("registered again once un-fenced").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if ("ON".equals(primary.variable("read_only"))) {
                            primary.sql("SET GLOBAL read_only = OFF");
                        }
                        return zk.exists(path);
                    });
        }
        awaitRegistered(path);
    }

    @Test
    void a_quarantine_with_a_garbage_payload_still_quarantines() throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        zk.create(root + "/quarantine/127.0.0.1:" + cluster.replica().port(), "{not json");
        start(cluster.replica(), "");
        awaitRefused("quarantine", "payload unreadable");
        // The gate refuses as soon as the node is read; the round that fences (or not) may finish a moment later.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(agent.health().body().get("fencing")
                .get("lastAction").asText()).isEqualTo("already_read_only"));
    }

    @Test
    void a_drain_lease_unregisters_within_50_ms_and_its_end_registers_the_primary_again() throws RoleFileException {
        roles.writeRole(Role.PRIMARY);
        MariaDbServer primary = cluster.primary();
        start(primary, "");
        String path = path("primary", primary);
        awaitRegistered(path);

        Instant until = Instant.now().plusMillis(1_500);
        long writing = System.nanoTime();
        roles.writeDrainUntil(until); // temp file, fsync, rename, fsync directory: as the role agent writes it
        long written = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> events.first("delete", path, writing).isPresent());
        long deleted = events.first("delete", path, writing).orElseThrow().nanos();
        long tookMillis = (deleted - written) / 1_000_000;
        System.out.printf("drain lease written -> node deleted in %d ms (%d ms including the atomic write)%n",
                tookMillis, (deleted - writing) / 1_000_000);
        assertThat(tookMillis).isLessThanOrEqualTo(10 * 50); // 10x its budget (busy CI)
        assertThat(agent.health().message("drain")).contains("drained until");

        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(2)).until(() -> zk.exists(path));
        long lateMillis = Duration.between(until, Instant.now()).toMillis();
        System.out.printf("lease end -> registered again %d ms after it%n", lateMillis);
        assertThat(lateMillis).as("not before the lease ended").isGreaterThanOrEqualTo(0);
        assertThat(agent.health().message("drain")).contains("ran out");
    }

    @Test
    void a_role_flipped_to_replica_during_the_lease_is_registered_as_replica_once_its_checks_pass()
            throws RoleFileException {
        MariaDbServer replica = cluster.replica();
        roles.writeRole(Role.PRIMARY);
        replica.sql("SET GLOBAL read_only = OFF");
        try {
            start(replica, "");
            awaitRegistered(path("primary", replica));
            roles.writeDrainUntil(Instant.now().plusSeconds(60));
            awaitUnregistered(path("primary", replica), Duration.ofMillis(200));
            // The planned switchover: the old primary becomes a read-only replica.
            replica.sql("SET GLOBAL read_only = ON");
            roles.writeRole(Role.REPLICA);
            awaitRegistered(path("replica", replica));
            assertThat(agent.health().message("drain")).contains("only applies to the primary");
        } finally {
            replica.sql("SET GLOBAL read_only = ON");
        }
    }

    @Test
    void a_role_file_replaced_by_rename_moves_the_registration_old_node_first() throws RoleFileException {
        MariaDbServer replica = cluster.replica();
        roles.writeRole(Role.REPLICA);
        start(replica, "");
        String before = path("replica", replica);
        String after = path("reporting-replica", replica);
        awaitRegistered(before);

        long flipped = System.nanoTime();
        roles.writeRole(Role.REPORTING_REPLICA);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> events.first("create", after, flipped).isPresent());
        NodeEvents.Event deleted = events.first("delete", before, flipped).orElseThrow();
        NodeEvents.Event created = events.first("create", after, flipped).orElseThrow();
        System.out.printf("role flip -> old node deleted after %d ms, new node created after %d ms%n",
                (deleted.nanos() - flipped) / 1_000_000, (created.nanos() - flipped) / 1_000_000);
        assertThat(deleted.nanos()).as("old node deleted before the new one is created").isLessThan(created.nanos());
        assertThat(zk.exists(before)).isFalse();
        JsonNode payload = readJson(zk.data(after));
        assertThat(payload.get("role").asText()).isEqualTo("reporting-replica");
    }

    @Test
    void garbage_role_and_schema_files_keep_the_agent_up_and_unregistered_and_health_says_why()
            throws IOException, RoleFileException {
        Files.writeString(roles.roleFile(), "Primary\r\n");
        start(cluster.replica(), "");
        awaitRefused("roleFiles", "carriage return");
        assertThat(agent.health().check("roleConsistency")).isEqualTo("unknown");

        Files.writeString(roles.roleFile(), "replica\n");
        Files.writeString(roles.schemaFile(), "../orders\n");
        await().atMost(Duration.ofSeconds(2)).until(() -> agent.health().message("roleFiles").contains("schema"));
        assertThat(agent.health().status()).isEqualTo(503);

        roles.writeSchema(SchemaName.of("orders"));
        awaitRegistered(path("replica", cluster.replica()));
    }

    @Test
    void a_replica_whose_role_file_blocks_is_withdrawn_health_says_why_and_it_returns_with_the_file()
            throws Exception {
        roles.writeRole(Role.REPLICA);
        start(cluster.replica(), "");
        String path = path("replica", cluster.replica());
        awaitRegistered(path);

        // A FIFO blocks open() until a writer comes: the hung-NFS stand-in.
        Files.delete(roles.roleFile());
        Process mkfifo = new ProcessBuilder("mkfifo", roles.roleFile().toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        long bound = agent.config().watchdogMillis();
        awaitUnregistered(path, Duration.ofMillis(10 * bound));
        await().atMost(Duration.ofMillis(10 * bound)).untilAsserted(() -> {
            RunningAgent.Health health = agent.health();
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.message("roleFiles")).contains("role", "FIFO");
        });
        // The reconciler is not blocked: it keeps deciding (the drain gate is re-evaluated every pass).
        assertThat(agent.health().body().get("watchdog").get("tripped").asBoolean()).isFalse();

        Files.delete(roles.roleFile());
        roles.writeRole(Role.REPLICA);
        awaitRegistered(path);
    }

    @Test
    void a_deleted_role_directory_unregisters_and_its_recreation_registers_again() throws IOException,
            RoleFileException {
        roles.writeRole(Role.REPLICA);
        start(cluster.replica(), "");
        String path = path("replica", cluster.replica());
        awaitRegistered(path);

        try (var files = Files.list(roleDirPath)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(roleDirPath);
        awaitUnregistered(path, Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(agent.health().message("roleFiles")).contains("role directory", "does not exist"));

        Files.createDirectory(roleDirPath);
        roles.writeSchema(SchemaName.of("orders"));
        roles.writeRole(Role.REPLICA);
        awaitRegistered(path);
    }

    @Test
    void mysqld_down_keeps_the_agent_up_and_unregistered_and_health_says_why() throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        int deadPort = MariaDbServer.freePort();
        String yaml = RunningAgent.yaml(zk, root, cluster.replica(), cluster.passwordFile(), roleDirPath, "")
                .replace("127.0.0.1:" + cluster.replica().port(), "127.0.0.1:" + deadPort);
        agent = RunningAgent.start(yaml);
        awaitRefused("mysqld", "does not answer");
        assertThat(agent.health().check("replication")).isEqualTo("unknown");
        // Still answering after several failed rounds.
        await().pollDelay(Duration.ofMillis(3 * INTERVAL)).atMost(Duration.ofSeconds(2))
                .until(() -> agent.health().status() == 503);
    }

    @Test
    void zookeeper_down_at_start_keeps_the_agent_up_and_it_registers_once_zookeeper_is_there()
            throws RoleFileException {
        roles.writeRole(Role.REPLICA);
        try (ZkServer later = ZkServer.create(200, false)) {
            agent = RunningAgent.start(RunningAgent.yaml(later, "/late", cluster.replica(), cluster.passwordFile(),
                    roleDirPath, ""));
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                RunningAgent.Health h = agent.health();
                assertThat(h.status()).isEqualTo(503);
                assertThat(h.body().get("zookeeper").get("state").asText()).isEqualTo("NOT_CONNECTED");
                assertThat(h.whyNot()).contains("zookeeper: NOT_CONNECTED", "quarantine: not read yet");
                assertThat(h.check("replication")).isEqualTo("pass");
            });
            later.startServer();
            String path = "/late/mysql/orders/replica/127.0.0.1:" + cluster.replica().port();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> later.exists(path));
            await().atMost(Duration.ofSeconds(2)).until(() -> agent.health().status() == 200);
            agent.close();
            agent = null;
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
