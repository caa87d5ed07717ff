package org.mysqldiscovery.sandbox.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

class ZooKeeperEnsembleIT {

    private static Path dir;
    private static ProcessSupervisor supervisor;
    private static ZooKeeperEnsemble ensemble;

    @BeforeAll
    static void startEnsemble() throws Exception {
        dir = Files.createTempDirectory("zk-ensemble-it");
        supervisor = new ProcessSupervisor(dir);
        ensemble = new ZooKeeperEnsemble(ZooKeeperSettings.of(3), dir.resolve("zookeeper"), supervisor);
        ensemble.start();
        System.out.printf("zookeeper ensemble (3 nodes, tick 200 ms) serving after %d ms%n",
                ensemble.startupTime().orElseThrow().toMillis());
    }

    @AfterAll
    static void stopEnsemble() {
        Set<Long> pids = supervisor.pidsEverStarted();
        ensemble.close();
        ensemble.close(); // idempotent
        supervisor.close();
        org.mysqldiscovery.sandbox.TestDirs.delete(dir);
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }

    private static CuratorFramework client(int sessionTimeoutMillis) {
        CuratorFramework c = CuratorFrameworkFactory.newClient(ensemble.connectString(), sessionTimeoutMillis, 1_500, new RetryOneTime(100));
        c.start();
        return c;
    }

    @Test
    void the_ensemble_stays_writable_without_its_leader_loses_writes_without_quorum_and_recovers() throws Exception {
        try (CuratorFramework zk = client(10_000)) {
            zk.create().creatingParentsIfNeeded().forPath("/it/quorum/a", bytes("1"));

            int leader = ensemble.leaderIndex().orElseThrow();
            ensemble.stop(leader);
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .untilAsserted(() -> zk.create().forPath("/it/quorum/b", bytes("2")));
            assertThat(ensemble.leaderIndex()).isPresent().get().isNotEqualTo(leader);

            int other = (leader + 1) % 3;
            ensemble.kill9(other);
            assertThat(ensemble.member(other).isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> zk.create().forPath("/it/quorum/c" + System.nanoTime(), bytes("3")))
                            .isInstanceOf(KeeperException.class));

            ensemble.start(leader); // two of three: a quorum again
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .untilAsserted(() -> zk.create().forPath("/it/quorum/d", bytes("4")));
            ensemble.startAll();
            assertThat(zk.getChildren().forPath("/it/quorum")).contains("a", "b", "d");
            assertThat(ensemble.members()).allSatisfy(m -> assertThat(m.mode().serving()).isTrue());
        }
    }

    @Test
    void expiring_a_session_on_the_server_removes_its_ephemeral_node_long_before_the_session_timeout() throws Exception {
        try (CuratorFramework owner = client(20_000); CuratorFramework observer = client(20_000)) {
            List<ConnectionState> ownerStates = new CopyOnWriteArrayList<>();
            owner.getConnectionStateListenable().addListener((c, s) -> ownerStates.add(s));
            owner.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath("/it/expiry/owner", bytes("x"));
            ZooKeeper handle = owner.getZookeeperClient().getZooKeeper();

            long t0 = System.nanoTime();
            assertThat(ensemble.expireSession(handle.getSessionId(), handle.getSessionPasswd())).isTrue();
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(observer.checkExists().forPath("/it/expiry/owner")).isNull());
            System.out.printf("ephemeral node gone %d ms after expireSession began%n", (System.nanoTime() - t0) / 1_000_000);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ownerStates).contains(ConnectionState.LOST));
            // A session that no longer exists cannot be expired twice.
            assertThat(ensemble.expireSession(handle.getSessionId(), handle.getSessionPasswd())).isFalse();
        }
    }

    @Test
    void every_member_answers_the_four_letter_words_used_for_diagnostics() {
        for (ZooKeeperMember m : ensemble.members()) {
            assertThat(m.answersRuok()).isTrue();
            assertThat(FourLetterWords.send("127.0.0.1", m.clientPort(), "mntr", Duration.ofSeconds(2)))
                    .hasValueSatisfying(text -> assertThat(text).contains("zk_server_state"));
            assertThat(FourLetterWords.send("127.0.0.1", m.clientPort(), "cons", Duration.ofSeconds(2))).isPresent();
        }
        assertThat(ensemble.diagnostics()).contains("zookeeper-1@", "zookeeper-3@");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
