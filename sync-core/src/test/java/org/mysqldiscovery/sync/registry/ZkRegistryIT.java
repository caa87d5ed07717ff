package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.harness.Agents;
import org.mysqldiscovery.sync.plan.Member;

/** The live view against a real ZooKeeper: initial read, changes, a server restart (SUSPENDED → RECONNECTED). */
class ZkRegistryIT {
    @TempDir
    Path dir;
    TestingServer server;
    CuratorFramework client;
    Agents agents;
    ZkRegistry registry;
    final AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        int port = InstanceSpec.getRandomPort();
        server = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), port, -1, -1, false, -1, 200, -1),
                true);
        agents = new Agents(server.getConnectString());
        agents.register("orders", Role.PRIMARY, "db1:3306");
        agents.quarantine("old:3306");
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), 4_000, 1_000, new RetryOneTime(50));
        client.start();
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        registry = new ZkRegistry(client, ZkLayout.defaultLayout(), changes::incrementAndGet);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
        client.close();
        agents.close();
        server.close();
    }

    @Test
    void the_view_is_blind_until_read_then_follows_changes() throws Exception {
        assertThat(registry.snapshot().blind()).isTrue();
        assertThat(registry.snapshot().blindReason()).contains("LATENT");
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !registry.snapshot().blind());
        ViewRead read = registry.snapshot().view().orElseThrow();
        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db1:3306"));
        assertThat(read.view().quarantined()).containsExactly(Instance.parse("old:3306"));

        int before = changes.get();
        agents.register("orders", Role.REPLICA, "db2:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > before
                && registry.snapshot().view().orElseThrow().view().members().size() == 2);
    }

    @Test
    void a_lost_connection_blinds_the_view_and_a_reconnect_reads_it_again() throws Exception {
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !registry.snapshot().blind());
        long epoch = registry.epoch();

        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.snapshot().blind());
        assertThat(registry.blindReason()).contains("ZooKeeper");
        assertThat(registry.epoch()).isGreaterThan(epoch);

        server.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> !registry.snapshot().blind());
        assertThat(registry.snapshot().view().orElseThrow().view().quarantined())
                .containsExactly(Instance.parse("old:3306"));
        // Changes after the reconnect are seen by the rebuilt caches.
        agents.client().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(ZkLayout.defaultLayout().quarantinePath(Instance.parse("new:3306")), "{}".getBytes());
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.snapshot().view().orElseThrow().view()
                .quarantined().contains(Instance.parse("new:3306")));
    }
}
