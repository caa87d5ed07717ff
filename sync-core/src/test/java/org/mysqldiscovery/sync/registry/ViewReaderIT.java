package org.mysqldiscovery.sync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.harness.Agents;
import org.mysqldiscovery.sync.plan.Member;

/** The one-shot read of the tree (TreeReader, judged by ViewBuilder: what {@code plan} shows) on a real ZooKeeper. */
class ViewReaderIT {
    static final String H = "health-agent:" + "a".repeat(27) + "=";
    static final String R = "role-agent:" + "b".repeat(27) + "=";
    static final String S = "proxysql-sync:" + "c".repeat(27) + "=";
    static final String O = "operator:" + "d".repeat(27) + "=";
    static final RegistrationTrust TRUST = RegistrationTrust.of(
            new ZkIdentities(List.of(H), List.of(R), List.of(S), List.of(O)));

    @TempDir
    Path dir;
    TestingServer server;
    CuratorFramework client;
    Agents agents;
    final ZkLayout layout = ZkLayout.defaultLayout();

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), InstanceSpec.getRandomPort(), -1, -1,
                false, -1, 200, -1), true);
        agents = new Agents(server.getConnectString());
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), 4_000, 1_000, new RetryOneTime(50));
        client.start();
        assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        agents.close();
        server.close();
    }

    void raw(String path, String data) throws Exception {
        agents.client().create().creatingParentsIfNeeded().forPath(path, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_tree_that_does_not_exist_yet_reads_as_an_empty_view() throws Exception {
        ViewRead read = ViewReader.read(client, layout);
        assertThat(read.view().members()).isEmpty();
        assertThat(read.view().quarantined()).isEmpty();
        assertThat(read.problems()).isEmpty();

        TreeReader.MysqlTree mysql = new TreeReader(client, layout).mysql(schema -> true, true);
        assertThat(mysql.root().children()).isEmpty();
        assertThat(mysql.root().stat().getPzxid()).isZero();
        assertThat(new TreeReader(client, layout).syncs().children()).isEmpty();
    }

    @Test
    void registrations_and_quarantines_are_read_whole_and_judged_as_the_sync_judges_its_cache() throws Exception {
        agents.register("orders", Role.PRIMARY, "db1:3306");
        agents.register("orders", Role.REPLICA, "db2:3306");
        agents.register("users", Role.REPORTING_REPLICA, "[::1]:3307");
        agents.quarantine("db2:3306");

        ViewRead read = ViewReader.read(client, layout);

        assertThat(read.view().members()).extracting(m -> m.schema() + "/" + m.role() + "/" + m.instance())
                .containsExactlyInAnyOrder("orders/primary/db1:3306", "orders/replica/db2:3306",
                        "users/reporting-replica/[::1]:3307");
        assertThat(read.view().quarantined()).containsExactly(Instance.parse("db2:3306"));
        assertThat(read.problems()).isEmpty();
    }

    @Test
    void garbage_hostile_empty_and_oversized_nodes_are_reported_and_never_stop_the_read() throws Exception {
        String mysql = layout.mysqlRoot();
        agents.register("orders", Role.PRIMARY, "db1:3306");
        raw(mysql + "/Orders!/primary/db2:3306", "{}");
        raw(mysql + "/orders/leader/db3:3306", "{}");
        raw(mysql + "/orders/replica/not an instance", "{}");
        raw(mysql + "/orders/replica/db4:3306", "{not json");
        raw(mysql + "/orders/replica/db5:3306", "");
        raw(mysql + "/orders/replica/db6:3306", "x".repeat(70_000));
        raw(mysql + "/orders/replica/db7:3306", "{\"host\":\"db8\",\"port\":3306,\"schema\":\"orders\","
                + "\"role\":\"replica\",\"weight\":1,\"maxConnections\":1,\"registeredAt\":\"2026-01-01T00:00:00Z\"}");
        raw(mysql + "/orders/replica/db9:3306/too/deep", "{}");
        raw(layout.quarantineRoot() + "/db10:3306", "[1,2,3]");
        raw(layout.quarantineRoot() + "/bogus", "{}");

        ViewRead read = ViewReader.read(client, layout);

        assertThat(read.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db1:3306"));
        assertThat(read.problems()).containsOnlyKeys(
                mysql + "/Orders!/primary/db2:3306",
                mysql + "/orders/leader/db3:3306",
                mysql + "/orders/replica/not an instance",
                mysql + "/orders/replica/db4:3306",
                mysql + "/orders/replica/db5:3306",
                mysql + "/orders/replica/db6:3306",
                mysql + "/orders/replica/db7:3306",
                mysql + "/orders/replica/db9:3306",
                layout.quarantineRoot() + "/db10:3306",
                layout.quarantineRoot() + "/bogus");
        assertThat(read.problems().get(mysql + "/orders/replica/db7:3306")).contains("payload names instance db8:3306");
        // A quarantine with an unreadable payload still quarantines.
        assertThat(read.view().quarantined()).containsExactly(Instance.parse("db10:3306"));
    }

    @Test
    void a_registration_no_health_agent_could_have_written_is_not_routed_when_acls_are_judged() throws Exception {
        agents.register("orders", Role.REPLICA, "open:3306"); // world-writable: anyone could have written it
        String trusted = layout.mysqlRoot() + "/orders/primary/db1:3306";
        agents.client().create().creatingParentsIfNeeded()
                .withACL(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE, new Id("digest", H)),
                        new ACL(ZooDefs.Perms.ALL, new Id("digest", O)),
                        new ACL(ZooDefs.Perms.READ, new Id("world", "anyone"))), false)
                .forPath(trusted, ("{\"host\":\"db1\",\"port\":3306,\"schema\":\"orders\",\"role\":\"primary\","
                        + "\"weight\":1,\"maxConnections\":1,\"registeredAt\":\"2026-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));

        ViewRead judged = ViewReader.read(client, layout, TRUST);
        assertThat(judged.view().members()).extracting(Member::instance).containsExactly(Instance.parse("db1:3306"));
        String open = layout.mysqlRoot() + "/orders/replica/open:3306";
        assertThat(judged.untrusted()).containsExactly(open);
        assertThat(judged.problems().get(open)).contains("world:anyone");

        ViewRead optedOut = ViewReader.read(client, layout);
        assertThat(optedOut.view().members()).hasSize(2);
        assertThat(optedOut.untrusted()).isEmpty();
    }

    @Test
    void a_schema_filter_reads_only_the_schemas_it_lets_through_and_names_the_others() throws Exception {
        agents.register("orders", Role.PRIMARY, "db1:3306");
        agents.register("users", Role.PRIMARY, "db2:3306");
        agents.quarantine("db3:3306");

        TreeReader tree = new TreeReader(client, layout);
        TreeReader.MysqlTree mysql = tree.mysql("orders"::equals, false);

        assertThat(mysql.root().children()).containsExactly("orders", "users");
        assertThat(mysql.schemas()).extracting(TreeReader.Node::name).containsExactly("orders");
        assertThat(mysql.roles()).extracting(TreeReader.Node::name).containsExactly("primary");
        assertThat(mysql.registrations()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("db1:3306");
            assertThat(n.acl()).as("not asked for").isNull();
            assertThat(n.stat().getEphemeralOwner()).isNotZero();
        });
        assertThat(tree.quarantines().children()).extracting(TreeReader.Node::name).containsExactly("db3:3306");
    }

    @Test
    void an_unreachable_zookeeper_is_a_failure_that_names_the_tree_not_a_hang() throws Exception {
        server.stop();
        try (CuratorFramework lost = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs(2_000).connectionTimeoutMs(500).retryPolicy(new RetryOneTime(50)).build()) {
            lost.start();
            assertThatThrownBy(() -> ViewReader.read(lost, layout))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("cannot read the view under " + layout.root());
        }
    }
}
