package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkAclPolicy;
import org.mysqldiscovery.common.zk.ZkAclPolicy.NodeKind;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkIdentities.Kind;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.sandbox.suite.MysqlHost;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.mysqldiscovery.sandbox.suite.SuiteSettings;

/**
 * Issue 13, as an attacker on loopback would try it, against the sandbox with its defaults (every program its own
 * identity, ACLs on): every write an unauthenticated client and each wrong identity could make, on each kind of
 * node, gets NOAUTH; the suite meanwhile registers and routes everything (it could not start otherwise), and the
 * sync refuses a registration it cannot trust.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperAclsIT {
    /** Who may do what, per kind of node (hand-written from docs/DESIGN.md, not computed by the policy). */
    private static final Map<NodeKind, Map<Op, String>> ALLOWED = new LinkedHashMap<>();

    static {
        // Letters: H health agents, R role agents, S syncs, O operators. DELETE is judged on the parent.
        allow(NodeKind.ROOT, "HRSO", "", "O");
        allow(NodeKind.MYSQL_PARENT, "HO", "O", "O");
        allow(NodeKind.ROLE_PARENT, "HO", "O", "O");
        allow(NodeKind.REGISTRATION, "O", "HO", "HO");
        allow(NodeKind.PROXYSQL_PARENT, "HO", "O", "O");
        allow(NodeKind.PROXYSQL_REGISTRATION, "O", "HO", "HO");
        allow(NodeKind.QUARANTINE_PARENT, "RO", "O", "O");
        allow(NodeKind.QUARANTINE, "O", "O", "O");
        allow(NodeKind.SYNC_PARENT, "SO", "O", "O");
        allow(NodeKind.SYNC_STATUS, "O", "SO", "SO");
    }

    enum Op { CREATE_CHILD, DELETE, SET_DATA, SET_ACL }

    private static void allow(NodeKind node, String create, String delete, String setData) {
        Map<Op, String> ops = new LinkedHashMap<>();
        ops.put(Op.CREATE_CHILD, create);
        ops.put(Op.DELETE, delete);
        ops.put(Op.SET_DATA, setData);
        ops.put(Op.SET_ACL, "O");
        ALLOWED.put(node, ops);
    }

    private Suite suite;
    private ZkLayout layout;
    private ZkAclPolicy policy;
    private final Map<String, CuratorFramework> attackers = new LinkedHashMap<>();
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final Map<NodeKind, String> targets = new LinkedHashMap<>();

    @BeforeAll
    void startTheSuiteWithItsDefaults() throws Exception {
        suite = Suite.start(SuiteSettings.defaults());
        layout = suite.layout();
        policy = ZkAclPolicy.of(layout, suite.zookeeperIdentities().identities());
        String connect = suite.sandbox().zookeeper().connectString();

        // Raw clients, no ACL provider: an attacker chooses the ACL of what it creates (world, here).
        attackers.put("unauthenticated", raw(connect, null));
        for (Kind kind : List.of(Kind.HEALTH_AGENT, Kind.ROLE_AGENT, Kind.SYNC, Kind.OBSERVER)) {
            ZkSettings.Auth auth = suite.zookeeperIdentities().auth(kind);
            attackers.put(kind.program(), raw(connect, auth.user() + ":" + auth.passwordFile().value()));
        }
        // A node of each kind, made by the program (identity) that makes it, so it carries the suite's ACL.
        MysqlHost primary = suite.primaryHost(suite.hosts().get(0).schema());
        SchemaName schema = SchemaName.of(primary.schema());
        Instance primaryInstance = Instance.parse(primary.instance());
        CuratorFramework health = program(connect, Kind.HEALTH_AGENT);
        CuratorFramework role = program(connect, Kind.ROLE_AGENT);
        String proxysqlNode = layout.proxysqlPath(Instance.parse("127.0.0.1:16033"));
        health.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(proxysqlNode,
                "{}".getBytes(StandardCharsets.UTF_8));
        // A quarantine of an address nobody uses (TEST-NET-1): changes no route.
        String quarantine = layout.quarantinePath(Instance.parse("192.0.2.1:3306"));
        role.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(quarantine,
                "{\"reason\":\"it\",\"createdBy\":\"it\",\"createdAt\":\"2025-01-01T00:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8));
        List<String> syncs = suite.observer().getChildren().forPath(layout.syncRoot());
        assertThat(syncs).as("the sync's status node").isNotEmpty();

        targets.put(NodeKind.ROOT, layout.root());
        targets.put(NodeKind.MYSQL_PARENT, layout.schemaPath(schema));
        targets.put(NodeKind.ROLE_PARENT, layout.rolePath(schema, Role.PRIMARY));
        targets.put(NodeKind.REGISTRATION, layout.registrationPath(schema, Role.PRIMARY, primaryInstance));
        targets.put(NodeKind.PROXYSQL_PARENT, layout.proxysqlRoot());
        targets.put(NodeKind.PROXYSQL_REGISTRATION, proxysqlNode);
        targets.put(NodeKind.QUARANTINE_PARENT, layout.quarantineRoot());
        targets.put(NodeKind.QUARANTINE, quarantine);
        targets.put(NodeKind.SYNC_PARENT, layout.syncRoot());
        targets.put(NodeKind.SYNC_STATUS, ZKPaths.makePath(layout.syncRoot(), syncs.get(0)));
    }

    @AfterAll
    void stop() {
        clients.forEach(CuratorFramework::close);
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void every_node_the_programs_wrote_carries_exactly_the_suites_acl() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<String> pending = new ArrayList<>(List.of(layout.root()));
        int nodes = 0;
        while (!pending.isEmpty()) {
            String path = pending.remove(pending.size() - 1);
            List<ACL> acl;
            try {
                acl = suite.observer().getACL().forPath(path);
                suite.observer().getChildren().forPath(path)
                        .forEach(child -> pending.add(ZKPaths.makePath(path, child)));
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            nodes++;
            if (!new HashSet<>(acl).equals(new HashSet<>(policy.aclFor(path)))) {
                wrong.add(path + " " + acl);
            }
        }
        assertThat(wrong).as("nodes whose ACL is not the suite's").isEmpty();
        assertThat(nodes).as("the root, four parents, schemas, roles, registrations, sync status").isGreaterThan(10);
        assertThat(policy.aclFor(layout.root())).noneMatch(acl -> acl.getId().getScheme().equals("world"));
    }

    @Test
    @Order(2)
    void a_stranger_cannot_even_read_the_view() {
        CuratorFramework stranger = attackers.get("unauthenticated");
        for (String path : targets.values()) {
            assertThatThrownBy(() -> stranger.getData().forPath(path)).as(path)
                    .isInstanceOf(KeeperException.NoAuthException.class);
        }
        assertThatThrownBy(() -> stranger.getChildren().forPath(layout.mysqlRoot()))
                .isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    @Order(3)
    void every_write_an_unauthenticated_client_or_a_wrong_identity_tries_gets_noauth() {
        int tried = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CuratorFramework> attacker : attackers.entrySet()) {
            String letter = letter(attacker.getKey());
            for (Map.Entry<NodeKind, String> target : targets.entrySet()) {
                for (Op op : Op.values()) {
                    if (target.getKey() == NodeKind.ROOT && op == Op.DELETE) {
                        continue; // judged on the root's parent, outside the suite (see DESIGN: use a chroot)
                    }
                    if (ALLOWED.get(target.getKey()).get(op).contains(letter)) {
                        continue; // its own job: the running suite shows it works
                    }
                    tried++;
                    String outcome = attempt(attacker.getValue(), op, target.getValue());
                    if (!outcome.equals("NOAUTH")) {
                        failures.add(attacker.getKey() + " " + op + " " + target.getValue() + " → " + outcome);
                    }
                }
            }
        }
        assertThat(failures).as("writes that did not get NOAUTH").isEmpty();
        assertThat(tried).as("attempts").isEqualTo(181);
    }

    @Test
    @Order(4)
    void a_registration_made_with_world_rights_is_refused_by_the_sync_and_never_routed() throws Exception {
        MysqlHost primary = suite.primaryHost(suite.hosts().get(0).schema());
        SchemaName schema = SchemaName.of(primary.schema());
        Instance evil = Instance.parse("127.0.0.1:1");
        String path = layout.registrationPath(schema, Role.PRIMARY, evil);
        // Only an operator (or ZooKeeper's super user) may still create it: as a tree from before ACLs would hold it.
        suite.observer().create().withMode(CreateMode.EPHEMERAL).withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE)
                .forPath(path, PayloadCodec.encode(new Registration(evil.host(), evil.port(), schema.value(),
                        Role.PRIMARY.token(), null, 1, 1, Instant.now(), "attacker")));
        try {
            HttpClient http = HttpClient.newHttpClient();
            Suite.await("the sync reports the untrusted registration", Duration.ofSeconds(30), () -> {
                String metrics = get(http, suite.syncUrl() + "/metrics");
                String status = get(http, suite.syncUrl() + "/status");
                return metrics.contains("sync_view_untrusted_registrations 1") && status.contains(path)
                        && status.contains("untrusted");
            });
            assertThat(get(http, suite.syncUrl() + "/metrics")).contains("zookeeper_unauthenticated 0");
            int writer = suite.writerHostgroup(schema.value());
            assertThat(suite.routes().history()).allSatisfy(snapshot ->
                    assertThat(snapshot.hostgroup(writer)).doesNotContain(evil.spelling()));
            assertThat(suite.routes().latest().hostgroup(writer)).containsExactly(primary.instance());
        } finally {
            suite.observer().delete().forPath(path);
        }
    }

    private String attempt(CuratorFramework client, Op op, String path) {
        try {
            switch (op) {
                case CREATE_CHILD -> client.create().withMode(CreateMode.PERSISTENT)
                        .withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(ZKPaths.makePath(path, "127.0.0.1:6"),
                                "{}".getBytes(StandardCharsets.UTF_8));
                case DELETE -> client.delete().forPath(path);
                case SET_DATA -> client.setData().forPath(path, "{}".getBytes(StandardCharsets.UTF_8));
                case SET_ACL -> client.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(path);
                default -> fail("unknown op " + op);
            }
            return "SUCCEEDED";
        } catch (KeeperException e) {
            return e.code().name();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String letter(String attacker) {
        return switch (attacker) {
            case "health-agent" -> "H";
            case "role-agent" -> "R";
            case "proxysql-sync" -> "S";
            default -> "-";
        };
    }

    private CuratorFramework raw(String connect, String credentials) throws InterruptedException {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs(10_000).connectionTimeoutMs(3_000).retryPolicy(new RetryOneTime(100));
        if (credentials != null) {
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework client = builder.build();
        client.start();
        clients.add(client);
        assertThat(client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return client;
    }

    private CuratorFramework program(String connect, Kind kind) throws InterruptedException {
        CuratorFramework client = ZkClientFactory.create(new ZkSettings(connect, layout.root(), 10_000, 3_000, 100,
                100, 1, suite.zookeeperIdentities().auth(kind), null), kind);
        client.start();
        clients.add(client);
        assertThat(client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return client;
    }

    private static String get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
