package org.mysqldiscovery.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;

/** Against a real ZooKeeper server (curator-test, loopback). */
class ZkClientFactoryTest {
    @TempDir
    Path dir;

    @Test
    void with_digest_auth_only_the_suites_identities_can_write_and_everyone_can_read() throws Exception {
        Path agentPassword = dir.resolve("agent");
        Files.writeString(agentPassword, "agent-secret\n");
        Path syncPassword = dir.resolve("sync");
        Files.writeString(syncPassword, "sync-secret\n");
        String syncDigest = ZkClientFactory.digest("sync", "sync-secret");
        try (TestingServer server = new TestingServer(true)) {
            ZkSettings agentSettings = new ZkSettings(server.getConnectString(), null, null, null, null, null, null,
                    new ZkSettings.Auth("agent", SecretFile.read(agentPassword), List.of(syncDigest)));
            ZkSettings syncSettings = new ZkSettings(server.getConnectString(), null, null, null, null, null, null,
                    new ZkSettings.Auth("sync", SecretFile.read(syncPassword), List.of()));
            try (CuratorFramework agent = ZkClientFactory.create(agentSettings);
                 CuratorFramework sync = ZkClientFactory.create(syncSettings);
                 CuratorFramework stranger = ZkClientFactory.create(ZkSettings.of(server.getConnectString(), null))) {
                agent.start();
                sync.start();
                stranger.start();
                String path = "/mysql-discovery/quarantine/db1:3306";
                agent.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, "{}".getBytes());

                assertThat(stranger.getData().forPath(path)).isEqualTo("{}".getBytes());
                assertThatThrownBy(() -> stranger.setData().forPath(path, "x".getBytes()))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> stranger.delete().forPath(path))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                sync.setData().forPath(path, "{\"by\":\"sync\"}".getBytes());
                agent.delete().forPath(path);
            }
        }
    }
}
