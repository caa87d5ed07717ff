package org.mysqldiscovery.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.mysql.ServerRole;
import org.mysqldiscovery.sandbox.zookeeper.ServerMode;

class SandboxClusterIT {

    @TempDir
    Path tmp;

    @Test
    void three_zookeepers_and_a_replicating_primary_with_two_replicas_come_up_and_leave_no_process_behind() throws Exception {
        Set<Long> pids;
        Path dir;
        Sandbox sandbox = Sandbox.builder().zookeeperNodes(3).schema("orders", 3).build();
        try (sandbox) {
            sandbox.start();
            dir = sandbox.directory();
            System.out.printf("sandbox startup: %d ms total; zookeeper (3 nodes) %d ms; mariadb (3 servers) %d ms; %s%n",
                    sandbox.startupTime().toMillis(),
                    sandbox.zookeeper().startupTime().orElseThrow().toMillis(),
                    sandbox.cluster("orders").startupTime().orElseThrow().toMillis(),
                    sandbox.mariaDbBinaries().orElseThrow());

            assertThat(sandbox.zookeeper().members()).extracting(m -> m.mode())
                    .containsExactlyInAnyOrder(ServerMode.LEADER, ServerMode.FOLLOWER, ServerMode.FOLLOWER);
            try (CuratorFramework zk = CuratorFrameworkFactory.newClient(sandbox.zookeeper().connectString(), 5_000, 3_000,
                    new RetryOneTime(100))) {
                zk.start();
                zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath("/sandbox-it/alive", "x".getBytes(StandardCharsets.UTF_8));
                assertThat(zk.checkExists().forPath("/sandbox-it/alive")).isNotNull();
            }

            MariaDbCluster orders = sandbox.cluster("orders");
            MariaDbServer primary = orders.primary();
            List<MariaDbServer> replicas = orders.replicas();
            assertThat(primary.role()).isEqualTo(ServerRole.PRIMARY);
            assertThat(primary.readOnly()).isFalse();
            assertThat(replicas).hasSize(2).allSatisfy(r -> {
                assertThat(r.role()).isEqualTo(ServerRole.REPLICA);
                assertThat(r.readOnly()).isTrue();
                assertThat(r.replicaStatus()).hasValueSatisfying(s -> assertThat(s.source()).isEqualTo(primary.instance()));
            });

            primary.execute("CREATE TABLE sandbox.greetings (id INT PRIMARY KEY, text VARCHAR(40))",
                    "INSERT INTO sandbox.greetings VALUES (1, 'hello from the primary')");
            for (MariaDbServer replica : replicas) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(replica.queryValue("SELECT text FROM sandbox.greetings WHERE id = 1")).isEqualTo("hello from the primary"));
            }

            // The agent account works everywhere (it replicated) and may do what the agents do.
            var agent = sandbox.agentCredentials();
            assertThat(Files.readString(agent.passwordFile()).trim()).isEqualTo(agent.password());
            for (MariaDbServer server : orders.servers()) {
                try (Connection c = DriverManager.getConnection(server.jdbcUrl(agent)); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT @@read_only")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(server == primary ? 0 : 1);
                }
            }
            assertThat(orders.agentPrivileges()).contains("SELECT", "PROCESS", "REPLICATION CLIENT");

            Path endpointsFile = tmp.resolve("endpoints.json");
            sandbox.writeEndpoints(endpointsFile);
            Endpoints endpoints = Endpoints.fromJson(Files.readString(endpointsFile));
            assertThat(endpoints.zookeeper()).isEqualTo(sandbox.zookeeper().connectString());
            assertThat(endpoints.zookeeperRoot()).isEqualTo("/mysql-discovery");
            assertThat(endpoints.mysql()).extracting(Endpoints.Mysql::role).containsExactly("primary", "replica", "replica");
            System.out.println(sandbox.describe());

            pids = sandbox.supervisor().pidsEverStarted();
            assertThat(pids).hasSize(6);
            assertThat(Files.readAllLines(sandbox.supervisor().pidFile())).hasSize(7);
        }
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse());
        assertThat(dir).doesNotExist();
    }
}
