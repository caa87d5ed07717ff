package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.common.zk.SuiteIdentities;
import org.mysqldiscovery.common.zk.ZkAclPolicy;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;

/** {@code zk-acl check|fix|digest} against a real ZooKeeper holding a tree from before ACLs (world:anyone). */
class ZkAclCommandIT {
    @TempDir
    Path dir;

    private TestingServer server;
    private CuratorFramework stranger;
    private SuiteIdentities ids;
    private Path operatorConfig;

    @BeforeEach
    void a_tree_created_without_acls() throws Exception {
        server = new TestingServer(true);
        stranger = CuratorFrameworkFactory.newClient(server.getConnectString(), 10_000, 3_000, new RetryOneTime(50));
        stranger.start();
        stranger.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                .forPath("/mysql-discovery/mysql/orders/primary/db1:3306", "{}".getBytes(StandardCharsets.UTF_8));
        stranger.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                .forPath("/mysql-discovery/quarantine/db2:3306", "{}".getBytes(StandardCharsets.UTF_8));
        ids = SuiteIdentities.generate(dir.resolve("ids"));
        operatorConfig = dir.resolve("cli.yaml");
        Files.writeString(operatorConfig, "zookeeper:\n  connectString: \"" + server.getConnectString() + "\"\n"
                + ids.authYaml(ZkIdentities.Kind.OPERATOR, 2));
    }

    @AfterEach
    void stop() throws Exception {
        stranger.close();
        server.close();
    }

    @Test
    void check_lists_the_world_writable_nodes_and_fix_gives_every_node_the_suites_acl() throws Exception {
        Result before = CliRun.run("zk-acl", "check", "--config", operatorConfig.toString());
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCodes.NOT_MET);
        assertThat(before.out()).contains("differs /mysql-discovery/mysql/orders/primary/db1:3306: has [world:anyone:rwcda]")
                .contains("7 nodes, 7 with an ACL that is not the suite's");
        assertThat(before.warnedUnauthenticated()).as("an operator identity: no opt-out warning").isFalse();

        Result dryRun = CliRun.run("zk-acl", "fix", "--dry-run", "--config", operatorConfig.toString());
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("would set /mysql-discovery/quarantine/db2:3306");
        assertThat(stranger.getData().forPath("/mysql-discovery/quarantine/db2:3306")).as("unchanged by a dry run")
                .isNotNull();

        Result fix = CliRun.run("zk-acl", "fix", "--config", operatorConfig.toString());
        assertThat(fix.exitCode()).as(fix.toString()).isZero();
        assertThat(fix.out()).contains("created /mysql-discovery/proxysql", "created /mysql-discovery/sync")
                .contains("0 failed");
        Result after = CliRun.run("zk-acl", "check", "--config", operatorConfig.toString());
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.out()).contains("9 nodes, 0 with an ACL that is not the suite's");

        assertThatThrownBy(() -> stranger.delete().forPath("/mysql-discovery/quarantine/db2:3306"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.setData().forPath("/mysql-discovery/mysql/orders/primary/db1:3306",
                new byte[0])).isInstanceOf(KeeperException.NoAuthException.class);
        try (CuratorFramework operator = ZkClientFactory.create(
                org.mysqldiscovery.common.zk.ZkSettings.authenticated(server.getConnectString(), null,
                        ids.auth(ZkIdentities.Kind.OPERATOR)), ZkIdentities.Kind.OPERATOR)) {
            operator.start();
            String path = "/mysql-discovery/quarantine/db2:3306";
            assertThat(operator.getACL().forPath(path))
                    .isEqualTo(ZkAclPolicy.of(ZkLayout.defaultLayout(), ids.identities()).aclFor(path));
        }
    }

    @Test
    void digest_prints_the_id_zookeeper_computes() throws Exception {
        Path password = dir.resolve("pw");
        Files.writeString(password, "s3cret\n");
        Result r = CliRun.run("zk-acl", "digest", "--user", "health-agent", "--password-file", password.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo(ZkClientFactory.digest("health-agent", "s3cret"));
        Result bad = CliRun.run("zk-acl", "digest", "--user", "a:b", "--password-file", password.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        Result missing = CliRun.run("zk-acl", "digest", "--user", "a", "--password-file", dir.resolve("no").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void without_an_identity_a_zookeeper_command_refuses_unless_told_to_connect_unauthenticated() {
        Result refused = CliRun.run("status", "--zookeeper", server.getConnectString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("no ZooKeeper identity", "--allow-unauthenticated");
        Result fixWithout = CliRun.run("zk-acl", "fix", "--zookeeper", server.getConnectString(),
                "--allow-unauthenticated");
        assertThat(fixWithout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fixWithout.err()).contains("needs the operator identity");
    }

    @Test
    void a_config_whose_identity_is_not_an_operator_is_refused_by_check_config() throws Exception {
        Path roleConfig = dir.resolve("role.yaml");
        Files.writeString(roleConfig, "zookeeper:\n  connectString: \"" + server.getConnectString() + "\"\n"
                + ids.authYaml(ZkIdentities.Kind.ROLE_AGENT, 2));
        Result r = CliRun.run("zk-acl", "check", "--config", roleConfig.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not among identities.operators");
    }

    @Test
    void an_observer_reads_the_view_but_cannot_quarantine() throws Exception {
        assertThat(CliRun.run("zk-acl", "fix", "--config", operatorConfig.toString()).exitCode()).isZero();
        Path observerConfig = dir.resolve("observer.yaml");
        Files.writeString(observerConfig, "zookeeper:\n  connectString: \"" + server.getConnectString() + "\"\n"
                + ids.authYaml(ZkIdentities.Kind.OBSERVER, 2));
        Result check = CliRun.run("zk-acl", "check", "--config", observerConfig.toString());
        assertThat(check.exitCode()).as(check.toString()).isZero();
        Result add = CliRun.run("quarantine", "add", "192.0.2.1:3306", "--reason", "test", "--force",
                "--config", observerConfig.toString());
        assertThat(add.exitCode()).as(add.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(add.err()).contains("no permission", "observers only read");
        // exists() needs no right in ZooKeeper: a plain look that the quarantine was not written.
        assertThat(stranger.checkExists().forPath("/mysql-discovery/quarantine/192.0.2.1:3306")).isNull();
    }
}
