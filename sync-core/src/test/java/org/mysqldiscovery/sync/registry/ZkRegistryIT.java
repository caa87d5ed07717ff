package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
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

    private String statusNode() throws Exception {
        String path = ZkLayout.defaultLayout().syncPath(Instance.parse("proxysql1:6032"));
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, "s".getBytes());
        return path;
    }

    private void raw(String path, String data) throws Exception {
        agents.client().create().creatingParentsIfNeeded().forPath(path, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_registration_in_a_new_schema_is_in_the_snapshot_right_after_the_barrier() throws Exception {
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.blindReason() == null);
        newSchemasAreSeenAfter(new ZxidBarrier(client, statusNode(), "s"::getBytes));
    }

    @Test
    void the_barrier_that_stops_when_the_cache_has_no_read_outstanding_is_as_exact() throws Exception {
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.blindReason() == null);
        newSchemasAreSeenAfter(new ZxidBarrier(client, statusNode(), "s"::getBytes, registry));
        // Nothing changing: every read answered long ago, the barrier is its write alone.
        await().atMost(Duration.ofSeconds(5)).until(registry::readsSettled);
    }

    private void newSchemasAreSeenAfter(ZxidBarrier barrier) throws Exception {
        for (int i = 0; i < 30; i++) {
            // The deepest chain: mysql/ changes → list it → list the new schema → list the role → read the node.
            long created = agents.register("fresh" + i, Role.PRIMARY, "n" + i + ":3306");
            long epoch = registry.epoch();
            long w = barrier.pass(Duration.ofSeconds(10));
            RegistrySnapshot snapshot = registry.snapshot();
            assertThat(w).isGreaterThanOrEqualTo(created);
            assertThat(snapshot.epoch()).isEqualTo(epoch);
            assertThat(snapshot.read().view().members()).extracting(Member::instance)
                    .contains(Instance.parse("n" + i + ":3306"));
            // And a deletion of a whole schema directory.
            agents.deregister("fresh" + i, Role.PRIMARY, "n" + i + ":3306");
            agents.client().delete().deletingChildrenIfNeeded().forPath(ZkLayout.defaultLayout().mysqlRoot()
                    + "/fresh" + i);
            barrier.pass(Duration.ofSeconds(10));
            assertThat(registry.snapshot().read().view().members()).extracting(Member::instance)
                    .doesNotContain(Instance.parse("n" + i + ":3306"));
        }
    }

    @Test
    void a_tree_created_after_the_start_is_followed() throws Exception {
        agents.client().delete().deletingChildrenIfNeeded().forPath(ZkLayout.defaultLayout().mysqlRoot());
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.blindReason() == null);
        assertThat(registry.snapshot().read().view().members()).isEmpty();
        ZxidBarrier barrier = new ZxidBarrier(client, statusNode(), "s"::getBytes);
        agents.register("orders", Role.REPLICA, "db9:3306");
        barrier.pass(Duration.ofSeconds(10));
        assertThat(registry.snapshot().read().view().members()).extracting(Member::instance)
                .containsExactly(Instance.parse("db9:3306"));
    }

    @Test
    void garbage_hostile_empty_and_oversized_nodes_are_reported_and_never_blind_the_view() throws Exception {
        String mysql = ZkLayout.defaultLayout().mysqlRoot();
        String quarantine = ZkLayout.defaultLayout().quarantineRoot();
        raw(mysql + "/Orders!/primary/db2:3306", "{}");
        raw(mysql + "/orders/leader/db3:3306", "{}");
        raw(mysql + "/orders/replica/not an instance", "{}");
        raw(mysql + "/orders/replica/db4:3306", "{not json");
        raw(mysql + "/orders/replica/db5:3306", "");
        raw(mysql + "/orders/replica/db6:3306", "x".repeat(900_000));
        raw(mysql + "/orders/replica/db9:3306/too/deep", "{}");
        raw(mysql + "/lonely", "a node where a schema directory should be");
        raw(quarantine + "/bogus/child", "{}");
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.blindReason() == null);

        ViewRead read = registry.snapshot().view().orElseThrow();
        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db1:3306"));
        assertThat(read.problems()).containsOnlyKeys(
                mysql + "/Orders!/primary/db2:3306",
                mysql + "/orders/leader/db3:3306",
                mysql + "/orders/replica/not an instance",
                mysql + "/orders/replica/db4:3306",
                mysql + "/orders/replica/db5:3306",
                mysql + "/orders/replica/db6:3306",
                mysql + "/orders/replica/db9:3306",
                quarantine + "/bogus");
        // Changes still flow, and the hostile nodes can change too.
        agents.client().setData().forPath(mysql + "/orders/replica/db6:3306", "y".repeat(900_000).getBytes());
        agents.register("orders", Role.REPLICA, "db7:3306");
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.snapshot().view().orElseThrow().view().members()
                .size() == 2);
        assertThat(registry.blindReason()).isNull();
    }

    @Test
    void nodes_that_vanish_between_list_and_read_leave_a_consistent_view() throws Exception {
        AtomicBoolean churning = new AtomicBoolean(true);
        Thread churn = new Thread(() -> {
            int i = 0;
            while (churning.get()) {
                try {
                    agents.register("churn", Role.REPLICA, "c" + (i % 20) + ":3306");
                    agents.deregister("churn", Role.REPLICA, "c" + (i % 20) + ":3306");
                    i++;
                } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                    // the churn is the point
                } catch (Exception e) {
                    return;
                }
            }
        }, "churn");
        churn.start();
        try {
            registry.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.blindReason() == null);
            await().atMost(Duration.ofSeconds(3)).until(() -> registry.readRequests() > 100);
        } finally {
            churning.set(false);
            churn.join(10_000);
        }
        agents.register("churn", Role.REPLICA, "stays:3306");
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.snapshot().view().orElseThrow().view().members()
                .stream().map(m -> m.instance().toString()).sorted().toList()
                .equals(List.of("db1:3306", "stays:3306")));
        assertThat(registry.blindReason()).isNull();
    }

    @Test
    void a_registration_whose_acl_does_not_name_a_health_agent_is_not_routed() throws Exception {
        registry.close();
        registry = new ZkRegistry(client, ZkLayout.defaultLayout(), changes::incrementAndGet, ViewReaderIT.TRUST);
        String trusted = ZkLayout.defaultLayout().mysqlRoot() + "/orders/replica/db2:3306";
        agents.client().create().creatingParentsIfNeeded()
                .withACL(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new Id("digest", ViewReaderIT.H)),
                        new ACL(ZooDefs.Perms.READ, new Id("world", "anyone"))), false)
                .forPath(trusted, ("{\"host\":\"db2\",\"port\":3306,\"schema\":\"orders\",\"role\":\"replica\","
                        + "\"weight\":1,\"maxConnections\":1,\"registeredAt\":\"2026-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
        registry.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.blindReason() == null);
        ViewRead read = registry.snapshot().view().orElseThrow();
        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db2:3306"));
        assertThat(read.untrusted()).containsExactly(ZkLayout.defaultLayout().mysqlRoot() + "/orders/primary/db1:3306");
        // The ACLs are remembered: a second snapshot reads none again and judges the same.
        assertThat(registry.snapshot().view().orElseThrow().untrusted()).isEqualTo(read.untrusted());
    }

    @Test
    void a_from_scratch_read_larger_than_the_request_window_is_complete() throws Exception {
        int n = WatchedTree.WINDOW * 2 + 100;
        java.util.Set<String> roleDirectories = new java.util.HashSet<>(List.of("orders/primary"));
        for (int i = 0; i < n; i++) {
            Role role = i % 10 == 0 ? Role.PRIMARY : Role.REPLICA;
            agents.register("big" + (i % 40), role, "h" + i + ":3306");
            roleDirectories.add("big" + (i % 40) + "/" + role.token());
        }
        registry.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.blindReason() == null);
        assertThat(registry.snapshot().view().orElseThrow().view().members()).hasSize(n + 1);
        // Every node once: mysql/, 41 schemas, their role directories, the registrations; quarantine/ and its node.
        assertThat(registry.readRequests()).isEqualTo(1 + 41 + roleDirectories.size() + 1 + n + 2);
    }
}
