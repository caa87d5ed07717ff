package org.mysqldiscovery.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void a_role_agent_creates_a_quarantine_that_only_an_operator_can_delete_and_strangers_cannot_even_read()
            throws Exception {
        SuiteIdentities ids = SuiteIdentities.generate(dir);
        try (TestingServer server = new TestingServer(true)) {
            try (CuratorFramework role = client(server, ids, ZkIdentities.Kind.ROLE_AGENT);
                 CuratorFramework health = client(server, ids, ZkIdentities.Kind.HEALTH_AGENT);
                 CuratorFramework operator = client(server, ids, ZkIdentities.Kind.OPERATOR);
                 CuratorFramework stranger = ZkClientFactory.create(
                         ZkSettings.unauthenticated(server.getConnectString(), null), ZkIdentities.Kind.OPERATOR)) {
                stranger.start();
                String path = "/mysql-discovery/quarantine/db1:3306";
                role.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, "{}".getBytes());

                assertThat(health.getData().forPath(path)).isEqualTo("{}".getBytes());
                assertThatThrownBy(() -> stranger.getData().forPath(path))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> health.setData().forPath(path, "x".getBytes()))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> role.delete().forPath(path))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThat(operator.getACL().forPath(path))
                        .isEqualTo(ZkAclPolicy.of(ZkLayout.defaultLayout(), ids.identities()).aclFor(path));
                operator.delete().forPath(path);
            }
        }
    }

    @Test
    void an_identity_not_listed_under_its_own_kind_is_refused_before_connecting() throws Exception {
        SuiteIdentities ids = SuiteIdentities.generate(dir);
        ZkSettings.Auth sync = ids.auth(ZkIdentities.Kind.SYNC);
        ZkSettings settings = ZkSettings.authenticated("127.0.0.1:1", null, sync);
        assertThatThrownBy(() -> ZkClientFactory.create(settings, ZkIdentities.Kind.HEALTH_AGENT))
                .hasMessageContaining("not among identities.healthAgents");
    }

    @Test
    void without_credentials_the_settings_refuse_unless_the_opt_out_is_explicit() throws Exception {
        assertThatThrownBy(() -> new ZkSettings("127.0.0.1:2181", null, null, null, null, null, null, null, null))
                .hasMessageContaining("allowUnauthenticated");
        assertThatThrownBy(() -> new ZkSettings("127.0.0.1:2181", null, null, null, null, null, null, null, false))
                .hasMessageContaining("auth: is required");
        assertThat(ZkSettings.unauthenticated("127.0.0.1:2181", null).unauthenticated()).isTrue();
        SuiteIdentities ids = SuiteIdentities.generate(dir);
        assertThatThrownBy(() -> new ZkSettings("127.0.0.1:2181", null, null, null, null, null, null,
                ids.auth(ZkIdentities.Kind.SYNC), true)).hasMessageContaining("contradicts");
    }

    @Test
    void the_digest_id_is_the_one_zookeeper_computes() throws Exception {
        Path password = dir.resolve("p");
        Files.writeString(password, "secret\n");
        SuiteIdentities ids = SuiteIdentities.generate(dir.resolve("ids"));
        ZkSettings.Auth auth = new ZkSettings.Auth("alice", SecretFile.read(password), ids.identities());
        assertThat(auth.digestId()).isEqualTo(ZkClientFactory.digest("alice", "secret"))
                .startsWith("alice:").hasSize("alice:".length() + 28);
    }

    private static CuratorFramework client(TestingServer server, SuiteIdentities ids, ZkIdentities.Kind kind) {
        CuratorFramework client = ZkClientFactory.create(
                ZkSettings.authenticated(server.getConnectString(), null, ids.auth(kind)), kind);
        client.start();
        return client;
    }
}
