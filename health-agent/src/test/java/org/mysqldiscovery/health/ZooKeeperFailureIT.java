package org.mysqldiscovery.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.TestCluster;
import org.mysqldiscovery.health.testing.ZkServer;

/** ZooKeeper trouble: the registration comes back by itself, and /health shows the connection state meanwhile. */
class ZooKeeperFailureIT {
    private static TestCluster cluster;

    @TempDir
    Path roleDir;
    private ZkServer zk;
    private RunningAgent agent;
    private String path;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
    }

    @BeforeEach
    void setUp() throws RoleFileException {
        zk = ZkServer.create(200, true);
        RoleDirectory roles = new RoleDirectory(roleDir);
        roles.writeSchema(SchemaName.of("orders"));
        roles.writeRole(Role.REPLICA);
        agent = RunningAgent.start(RunningAgent.yaml(zk, "/zkf", cluster.replica(), cluster.passwordFile(), roleDir,
                ""));
        path = "/zkf/mysql/orders/replica/127.0.0.1:" + cluster.replica().port();
        awaitRegistered();
    }

    @AfterEach
    void tearDown() {
        agent.close();
        zk.close();
    }

    private void awaitRegistered() {
        await("registered").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> zk.exists(path) && agent.health().status() == 200);
    }

    private ZooKeeper handle() throws Exception {
        return agent.agent().zookeeperClient().getZookeeperClient().getZooKeeper();
    }

    @Test
    void a_zookeeper_server_restart_registers_again_and_health_shows_the_outage() {
        zk.stopServer();
        await("suspended").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            RunningAgent.Health h = agent.health();
            assertThat(h.status()).isEqualTo(503);
            assertThat(h.body().get("zookeeper").get("connected").asBoolean()).isFalse();
            assertThat(h.whyNot()).contains("zookeeper: SUSPENDED");
        });
        assertThat(agent.metrics()).contains("mysql_discovery_zookeeper_connected 0", "mysql_discovery_zookeeper_state 2");
        long restarting = System.nanoTime();
        zk.restartServer();
        awaitRegistered();
        System.out.printf("ZooKeeper restarted -> registered and /health 200 after %d ms%n",
                (System.nanoTime() - restarting) / 1_000_000);
    }

    @Test
    void a_zookeeper_outage_longer_than_the_session_registers_again_under_a_new_session() throws Exception {
        long oldSession = handle().getSessionId();
        zk.stopServer();
        // Past the session timeout (10 ticks) Curator declares the session LOST.
        await("lost").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> agent.health().body().get("zookeeper").get("state").asText().equals("LOST"));
        zk.restartServer();
        await("new session owns the node").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> {
                    long owner = zk.stat(path).getEphemeralOwner();
                    return owner != oldSession && owner == handle().getSessionId();
                });
        awaitRegistered();
        assertThat(agent.health().body().get("zookeeper").get("sessionLosses").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_session_expired_on_the_server_registers_again_under_the_new_session() throws Exception {
        ZooKeeper before = handle();
        long oldSession = before.getSessionId();
        assertThat(zk.stat(path).getEphemeralOwner()).isEqualTo(oldSession);

        long expiring = System.nanoTime();
        zk.expireSession(oldSession, before.getSessionPasswd());
        await("node re-created under a new session").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .ignoreExceptions().until(() -> {
                    long owner = zk.stat(path).getEphemeralOwner();
                    return owner != oldSession && owner == handle().getSessionId();
                });
        System.out.printf("session expired on the server -> node re-created under the new session in %d ms%n",
                (System.nanoTime() - expiring) / 1_000_000);
        awaitRegistered();
    }

    @Test
    void a_registration_deleted_by_someone_else_is_recreated() {
        zk.delete(path);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> zk.exists(path));
        awaitRegistered();
    }
}
