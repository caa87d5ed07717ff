package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.cli.support.SharedSandbox;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.sandbox.Sandbox;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;

/**
 * {@code quarantine clear} asking real MariaDB servers whether the instance is writable and replicates. Uses the
 * shared sandbox under its own ZooKeeper root, and puts every server back as it found it.
 */
@ExtendWith(SharedSandbox.class)
class QuarantineClearMariaDbIT {
    static final String ROOT = "/clear-it";
    static final String NEW_PRIMARY = "10.0.0.1:3306";

    @TempDir
    Path dir;

    Sandbox sandbox;
    MariaDbCluster cluster;
    CuratorFramework zk;
    ZkLayout layout = new ZkLayout(ROOT);

    @BeforeEach
    void start(Sandbox shared) throws Exception {
        sandbox = shared;
        cluster = sandbox.cluster(SharedSandbox.SCHEMA);
        zk = ZkClientFactory.create(ZkSettings.unauthenticated(sandbox.zookeeper().connectString(), ROOT),
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR);
        zk.start();
        zk.blockUntilConnected();
        register(NEW_PRIMARY, Role.PRIMARY);
    }

    @AfterEach
    void stop() throws Exception {
        zk.delete().deletingChildrenIfNeeded().forPath(ROOT);
        zk.close();
    }

    void register(String instance, Role role) throws Exception {
        Instance i = Instance.parse(instance);
        zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(
                layout.registrationPath(SchemaName.of("orders"), role, i),
                PayloadCodec.encode(Registration.ofMysql(i, SchemaName.of("orders"), role, "dc1", 1, 10,
                        Instant.now(), "test")));
    }

    void quarantine(String instance) throws Exception {
        zk.create().creatingParentsIfNeeded().forPath(layout.quarantinePath(Instance.parse(instance)),
                PayloadCodec.encode(new QuarantineRecord("superseded by " + NEW_PRIMARY, "role-agent@test",
                        Instant.now(), "1:abc")));
    }

    boolean quarantined(String instance) throws Exception {
        return zk.checkExists().forPath(layout.quarantinePath(Instance.parse(instance))) != null;
    }

    Result clear(String instance, String... extra) {
        List<String> args = new ArrayList<>(List.of("quarantine", "clear", instance, "--reason", "checked",
                "--allow-unauthenticated", "--zookeeper", sandbox.zookeeper().connectString(), "--root", ROOT,
                "--mysql-user", sandbox.agentCredentials().user(),
                "--mysql-password-file", sandbox.agentCredentials().passwordFile().toString()));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void an_old_primary_that_is_writable_and_replicates_from_nobody_is_refused() throws Exception {
        MariaDbServer old = cluster.primary(); // writable, no replication: what a crashed primary comes back as
        quarantine(old.instance());

        Result r = clear(old.instance());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: refused to clear " + old.instance() + ": " + old.instance()
                + " is writable (read_only=0) and claims primary (it replicates from nobody) while " + NEW_PRIMARY
                + " (schema orders) is registered as primary: make it read-only and a replica first, or pass"
                + " --force\n");
        assertThat(quarantined(old.instance())).isTrue();
    }

    @Test
    void a_lingering_primary_registration_is_a_claim_too() throws Exception {
        MariaDbServer replica = cluster.replicas().get(0);
        register(replica.instance(), Role.PRIMARY);
        quarantine(replica.instance());
        cluster.setReadOnly(replica, false);
        try {
            Result r = clear(replica.instance());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("claims primary (its registration under primary/ lingers)");
        } finally {
            cluster.setReadOnly(replica, true);
        }
    }

    @Test
    void once_read_only_it_may_come_back() throws Exception {
        MariaDbServer old = cluster.primary();
        quarantine(old.instance());
        cluster.setReadOnly(old, true);
        try {
            Result r = clear(old.instance());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("cleared quarantine of " + old.instance());
            assertThat(quarantined(old.instance())).isFalse();
        } finally {
            cluster.setReadOnly(old, false);
        }
    }

    @Test
    void a_writable_server_that_replicates_does_not_claim_primary() throws Exception {
        MariaDbServer replica = cluster.replicas().get(1);
        quarantine(replica.instance());
        cluster.setReadOnly(replica, false);
        try {
            Result r = clear(replica.instance());
            assertThat(r.exitCode()).as(r.toString()).isZero();
        } finally {
            cluster.setReadOnly(replica, true);
        }
    }

    @Test
    void what_cannot_be_checked_is_refused_unless_forced() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String down = "127.0.0.1:" + port;
        quarantine(down);
        Result unreachable = clear(down);
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot check whether " + down + " is writable (connection refused);"
                + " it may come back writable");

        MariaDbServer old = cluster.primary();
        quarantine(old.instance());
        Result denied = CliRun.run("quarantine", "clear", old.instance(), "--reason", "x",
                "--allow-unauthenticated", "--zookeeper",
                sandbox.zookeeper().connectString(), "--root", ROOT, "--mysql-user", "nobody",
                "--mysql-password-file", sandbox.agentCredentials().passwordFile().toString());
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).contains("(access denied: ");

        Result forced = clear(down, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(quarantined(down)).isFalse();
    }

    @Test
    void credentials_can_come_from_the_config_file() throws Exception {
        Path config = dir.resolve("cli.yaml");
        Files.writeString(config, "zookeeper:\n  allowUnauthenticated: true\n  connectString: " + sandbox.zookeeper().connectString()
                + "\n  root: " + ROOT + "\nmysql:\n  user: " + sandbox.agentCredentials().user()
                + "\n  passwordFile: " + sandbox.agentCredentials().passwordFile() + "\n");
        MariaDbServer old = cluster.primary();
        quarantine(old.instance());

        Result r = CliRun.run("quarantine", "clear", old.instance(), "--reason", "x", "--config", config.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("is writable (read_only=0) and claims primary");
    }
}
