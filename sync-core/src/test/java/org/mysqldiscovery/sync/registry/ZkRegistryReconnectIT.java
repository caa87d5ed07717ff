package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.harness.Agents;
import org.mysqldiscovery.sync.harness.CuttableProxy;
import org.mysqldiscovery.sync.plan.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry across connection losses against a real ZooKeeper: the sync's client goes through a proxy that can
 * drop its connection without expiring its session, while the agents keep writing directly.
 */
class ZkRegistryReconnectIT {
    private static final Logger LOG = LoggerFactory.getLogger(ZkRegistryReconnectIT.class);
    private static final int SCHEMAS = 20;
    private static final int PER_SCHEMA = 10;

    @TempDir
    Path dir;
    TestingServer server;
    CuttableProxy proxy;
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
        // 200 registrations: 20 schemas with a primary and 9 replicas each.
        for (int s = 0; s < SCHEMAS; s++) {
            agents.register("s" + s, Role.PRIMARY, "db" + s + "-0:3306");
            for (int i = 1; i < PER_SCHEMA; i++) {
                agents.register("s" + s, Role.REPLICA, "db" + s + "-" + i + ":3306");
            }
        }
        agents.quarantine("old:3306");
        proxy = new CuttableProxy(port);
        // A 20 s session: a cut of a few seconds leaves it alive (Curator reports LOST only after a whole timeout).
        client = CuratorFrameworkFactory.newClient(proxy.connectString(), 20_000, 2_000, new RetryOneTime(50));
        client.start();
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        registry = new ZkRegistry(client, ZkLayout.defaultLayout(), changes::incrementAndGet);
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
        client.close();
        proxy.close();
        agents.close();
        server.close();
    }

    private void awaitTrusted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.blindReason() == null);
    }

    private long sessionId() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private List<Member> members() {
        return registry.snapshot().view().orElseThrow().view().members();
    }

    private Member member(String instance) {
        return members().stream().filter(m -> m.instance().equals(Instance.parse(instance))).findFirst()
                .orElse(null);
    }

    private void disconnect() {
        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.blindReason() != null
                && registry.connectionState().equals("SUSPENDED"));
    }

    @Test
    void a_reconnect_with_the_same_session_reads_only_what_changed() throws Exception {
        registry.start();
        awaitTrusted();
        long firstRead = registry.readRequests();
        // 1 + 20 + 20 x 2 lists, 200 + 1 data, 1 list of quarantine/.
        assertThat(firstRead).isGreaterThanOrEqualTo(SCHEMAS * PER_SCHEMA + SCHEMAS * 3L + 2);
        long session = sessionId();
        long generation = registry.snapshot().generation();

        disconnect();
        agents.register("s3", Role.REPLICA, "new:3306");
        agents.deregister("s5", Role.REPLICA, "db5-1:3306");
        long before = registry.readRequests();
        proxy.restore();
        awaitTrusted();

        long reads = registry.readRequests() - before;
        LOG.info("first read: {} requests for {} registrations; same-session reconnect with 2 changes: {} requests",
                firstRead, SCHEMAS * PER_SCHEMA, reads);
        assertThat(sessionId()).isEqualTo(session);
        // The two role directories are listed again, the new registration is read: nothing else.
        assertThat(reads).isLessThanOrEqualTo(3);
        assertThat(member("new:3306")).isNotNull();
        assertThat(member("db5-1:3306")).isNull();
        assertThat(members()).hasSize(SCHEMAS * PER_SCHEMA);
        assertThat(registry.snapshot().generation()).as("a reconnect opens a settle window").isGreaterThan(generation);
    }

    @Test
    void a_reconnect_with_nothing_changed_reads_nothing() throws Exception {
        registry.start();
        awaitTrusted();
        long epoch = registry.epoch();
        disconnect();
        assertThat(registry.epoch()).isGreaterThan(epoch);
        long before = registry.readRequests();
        proxy.restore();
        awaitTrusted();
        assertThat(registry.readRequests() - before).isZero();
        assertThat(members()).hasSize(SCHEMAS * PER_SCHEMA);
    }

    @Test
    void a_change_made_while_disconnected_is_seen_after_the_reconnect() throws Exception {
        registry.start();
        awaitTrusted();
        disconnect();
        agents.register("brand-new-schema", Role.PRIMARY, "fresh:3306");
        agents.quarantine("db7-3:3306");
        agents.client().setData().forPath(ZkLayout.defaultLayout().quarantinePath(Instance.parse("old:3306")),
                "{}".getBytes());
        proxy.restore();
        awaitTrusted();
        ViewRead read = registry.snapshot().view().orElseThrow();
        assertThat(read.view().members()).extracting(Member::instance).contains(Instance.parse("fresh:3306"));
        assertThat(read.view().quarantined()).containsExactlyInAnyOrder(Instance.parse("old:3306"),
                Instance.parse("db7-3:3306"));
        // The rewritten quarantine payload was read again (it is now reported as unreadable).
        assertThat(read.problems()).containsKey(ZkLayout.defaultLayout().quarantinePath(Instance.parse("old:3306")));
    }

    @Test
    void a_node_deleted_and_recreated_while_disconnected_is_read_again() throws Exception {
        registry.start();
        awaitTrusted();
        assertThat(member("db2-4:3306").weight()).isZero();
        disconnect();
        agents.deregister("s2", Role.REPLICA, "db2-4:3306");
        agents.register("s2", Role.REPLICA, "db2-4:3306", 7, 0);
        // A whole schema deleted and created again with other members.
        for (int i = 1; i < PER_SCHEMA; i++) {
            agents.deregister("s9", Role.REPLICA, "db9-" + i + ":3306");
        }
        agents.deregister("s9", Role.PRIMARY, "db9-0:3306");
        agents.client().delete().deletingChildrenIfNeeded().forPath(ZkLayout.defaultLayout().mysqlRoot() + "/s9");
        agents.register("s9", Role.PRIMARY, "other:3306");
        proxy.restore();
        awaitTrusted();
        assertThat(member("db2-4:3306").weight()).isEqualTo(7);
        assertThat(members().stream().filter(m -> m.schema().value().equals("s9")).map(Member::instance))
                .containsExactly(Instance.parse("other:3306"));
    }

    @Test
    void the_view_is_blind_from_suspended_until_the_missed_events_are_read() throws Exception {
        registry.start();
        awaitTrusted();
        disconnect();
        agents.register("s1", Role.REPLICA, "late:3306");
        List<String> seen = new CopyOnWriteArrayList<>();
        proxy.restore();
        // Every snapshot taken from the reconnect on is either blind or already has the change made meanwhile.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
            RegistrySnapshot snapshot = registry.snapshot();
            if (snapshot.blind()) {
                return false;
            }
            seen.add(snapshot.read().view().members().stream().anyMatch(m -> m.instance()
                    .equals(Instance.parse("late:3306"))) ? "complete" : "stale");
            return true;
        });
        assertThat(seen).containsOnly("complete");
    }

    @Test
    void a_new_session_reads_everything_again() throws Exception {
        registry.start();
        awaitTrusted();
        long session = sessionId();
        long generation = registry.snapshot().generation();
        long before = registry.readRequests();
        client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await().atMost(Duration.ofSeconds(30)).until(() -> sessionId() != session && sessionId() != 0);
        awaitTrusted();
        long reads = registry.readRequests() - before;
        LOG.info("new session: {} requests for {} registrations", reads, SCHEMAS * PER_SCHEMA);
        assertThat(reads).isGreaterThanOrEqualTo(SCHEMAS * PER_SCHEMA + SCHEMAS * 3L + 2);
        assertThat(members()).hasSize(SCHEMAS * PER_SCHEMA);
        assertThat(registry.snapshot().generation()).isGreaterThan(generation);
        // The new session's watches work.
        agents.register("s0", Role.REPLICA, "after:3306");
        await().atMost(Duration.ofSeconds(10)).until(() -> member("after:3306") != null);
    }

    @Test
    void a_failed_read_is_not_a_silently_stale_node() throws Exception {
        // The first reads are sent and their answers held back; then the connection drops: they fail.
        proxy.hold();
        registry.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.readRequests() > 0);
        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.connectionState().equals("SUSPENDED"));
        assertThat(registry.blindReason()).isNotNull();
        agents.register("s4", Role.REPLICA, "meanwhile:3306");
        proxy.restore();
        awaitTrusted();
        // Re-issued after the reconnect: the view is complete, and follows changes again.
        assertThat(members()).hasSize(SCHEMAS * PER_SCHEMA + 1);
        assertThat(registry.snapshot().view().orElseThrow().view().quarantined())
                .containsExactly(Instance.parse("old:3306"));
        agents.deregister("s4", Role.REPLICA, "meanwhile:3306");
        await().atMost(Duration.ofSeconds(10)).until(() -> member("meanwhile:3306") == null);
    }

    @Test
    void a_sync_that_routes_some_schemas_reads_and_watches_only_those() throws Exception {
        registry.close();
        registry = new ZkRegistry(client, ZkLayout.defaultLayout(), changes::incrementAndGet,
                RegistrationTrust.unchecked(), java.util.Set.of("s1", "s2"));
        registry.start();
        awaitTrusted();
        assertThat(members()).extracting(m -> m.schema().value()).containsOnly("s1", "s2").hasSize(2 * PER_SCHEMA);
        // mysql/, 2 schemas, 2 x 2 roles, 20 registrations; quarantine/ and its one node.
        assertThat(registry.readRequests()).isEqualTo(1 + 2 + 4 + 2 * PER_SCHEMA + 2);
        String status = ZkLayout.defaultLayout().syncPath(Instance.parse("proxysql1:6032"));
        client.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                .forPath(status, "s".getBytes());
        ZxidBarrier barrier = new ZxidBarrier(client, status, "s"::getBytes);
        long before = registry.readRequests();
        agents.register("s5", Role.REPLICA, "elsewhere:3306");
        barrier.pass(Duration.ofSeconds(10));
        assertThat(registry.readRequests()).as("a change in a schema not routed here").isEqualTo(before);
        agents.register("s1", Role.REPLICA, "here:3306");
        barrier.pass(Duration.ofSeconds(10));
        assertThat(member("here:3306")).isNotNull();
        assertThat(member("elsewhere:3306")).isNull();
    }
}
