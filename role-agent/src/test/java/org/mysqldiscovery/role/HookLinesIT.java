package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.role.config.MysqlSettings;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.MariaDbFixture;
import org.mysqldiscovery.role.testing.PagerReceiver;
import org.mysqldiscovery.role.testing.Ports;

/**
 * The shipped hook lines, rendered as Puppet renders them and pasted as Orchestrator pastes them (raw text), run by
 * bash against two live role agents on two loopback "hosts" (127.0.0.2 failed primary, 127.0.0.3 successor), a real
 * ZooKeeper and the failed host's real MariaDB (fencing).
 */
class HookLinesIT {
    private static final String FAILED_HOST = "127.0.0.2";
    private static final String SUCCESSOR_HOST = "127.0.0.3";
    private static final String RECOVERY_UID = "1732291234567890123:4f2a9c8e0b7d6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877";
    private static final ZkLayout LAYOUT = ZkLayout.defaultLayout();

    @TempDir
    static Path shared;
    private static TestingServer zookeeper;
    private static CuratorFramework zk;
    private static MariaDbFixture mysql;
    private static PagerReceiver pager;
    private static int agentPort;
    private static int mysqlPort;
    private static Path passwordFile;

    @TempDir
    Path dir;
    private RoleAgent failed;
    private RoleAgent successor;
    private AgentFixture failedFixture;
    private AgentFixture successorFixture;
    private HookLines hooks;

    @BeforeAll
    static void servers() throws Exception {
        zookeeper = new TestingServer();
        zk = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(), new RetryOneTime(100));
        zk.start();
        zk.blockUntilConnected();
        agentPort = Ports.freeOnAll(FAILED_HOST, SUCCESSOR_HOST);
        mysqlPort = Ports.freeOnAll(FAILED_HOST, SUCCESSOR_HOST);
        mysql = MariaDbFixture.start(shared.resolve("mysql"), FAILED_HOST, mysqlPort);
        mysql.createUser("role_agent", "fence-pw", true);
        passwordFile = shared.resolve("fence-password");
        Files.writeString(passwordFile, "fence-pw\n");
        pager = new PagerReceiver();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (pager != null) {
            pager.close();
        }
        if (mysql != null) {
            mysql.close();
        }
        zk.close();
        zookeeper.close();
    }

    private static String failedInstance() {
        return FAILED_HOST + ":" + mysqlPort;
    }

    private static String successorInstance() {
        return SUCCESSOR_HOST + ":" + mysqlPort;
    }

    private static MysqlSettings fencing(String host) {
        return new MysqlSettings(host, mysqlPort, "role_agent", SecretFile.read(passwordFile), 1000);
    }

    @BeforeEach
    void start() throws Exception {
        for (String instance : List.of(failedInstance(), successorInstance())) {
            String path = LAYOUT.quarantinePath(Instance.parse(instance));
            if (zk.checkExists().forPath(path) != null) {
                zk.delete().forPath(path);
            }
        }
        mysql.execute("SET GLOBAL read_only = OFF");
        pager.clear();
        failedFixture = new AgentFixture(dir.resolve("failed")).instance(failedInstance())
                .bind(FAILED_HOST, agentPort).zookeeper(zookeeper.getConnectString()).role(Role.PRIMARY)
                .fencing(fencing(FAILED_HOST)).pager(pager.url());
        successorFixture = new AgentFixture(dir.resolve("successor")).instance(successorInstance())
                .bind(SUCCESSOR_HOST, agentPort).zookeeper(zookeeper.getConnectString()).role(Role.REPLICA)
                .fencing(fencing(SUCCESSOR_HOST)).pager(pager.url());
        failed = failedFixture.start();
        successor = successorFixture.start();
        hooks = HookLines.load(Path.of("../puppet/files/orchestrator-hooks.json")).render(
                new HookLines.DeployTokens(agentPort, failedFixture.tokenFile().toString(), "http", "",
                        "/etc/mysql-discovery/precheck.yaml"));
    }

    @AfterEach
    void stop() {
        failed.close();
        successor.close();
    }

    /** What Orchestrator 3.2.6 pastes (reference/orchestrator-hooks.md). */
    private static Map<String, String> placeholders(String command) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("failureType", "DeadMaster");
        values.put("command", command);
        values.put("failedHost", FAILED_HOST);
        values.put("failedPort", Integer.toString(mysqlPort));
        values.put("failureCluster", failedInstance());
        values.put("failureClusterAlias", "orders");
        values.put("successorHost", SUCCESSOR_HOST);
        values.put("successorPort", Integer.toString(mysqlPort));
        values.put("recoveryUID", RECOVERY_UID);
        values.put("replicaHosts", successorInstance());
        return values;
    }

    private record Run(int exit, String output, long millis) {
    }

    private static Run bash(String line) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hook line did not finish in 20 s: " + line);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), output, (System.nanoTime() - started) / 1_000_000);
    }

    /** Runs every line of one hook kind in order, as Orchestrator does; returns each run and the total time. */
    private List<Run> runHook(String kind, Map<String, String> values) throws Exception {
        List<Run> runs = new java.util.ArrayList<>();
        for (String line : hooks.lines(kind)) {
            runs.add(bash(HookLines.paste(line, values)));
        }
        return runs;
    }

    private static long total(List<Run> runs) {
        return runs.stream().mapToLong(Run::millis).sum();
    }

    private Role roleOf(AgentFixture fixture) throws Exception {
        return new RoleDirectory(fixture.roleDirectory()).readRole();
    }

    private static QuarantineRecord quarantine(String instance) throws Exception {
        String path = LAYOUT.quarantinePath(Instance.parse(instance));
        byte[] data = zk.checkExists().forPath(path) == null ? null : zk.getData().forPath(path);
        return data == null ? null : PayloadCodec.decodeQuarantine(data, path);
    }

    @Test
    void an_unplanned_failover_promotes_the_successor_demotes_fences_and_quarantines_the_failed_primary()
            throws Exception {
        List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, placeholders(""));
        assertThat(runs).allSatisfy(run -> assertThat(run.exit()).as(run.output()).isZero());
        assertThat(roleOf(successorFixture)).isEqualTo(Role.PRIMARY);
        assertThat(roleOf(failedFixture)).isEqualTo(Role.REPLICA);
        assertThat(mysql.readOnly()).isTrue();
        assertThat(runs.get(0).output()).contains("\"fence\":{", "read_only=ON");
        QuarantineRecord record = quarantine(failedInstance());
        assertThat(record).isNotNull();
        assertThat(record.recoveryUid()).isEqualTo(RECOVERY_UID);
        assertThat(record.createdBy()).isEqualTo(successorInstance() + "/role-agent");
        await().atMost(Duration.ofSeconds(5)).until(() -> pager.pages().size() == 1);
        assertThat(pager.pages().get(0).get("severity").asText()).isEqualTo("info");
        assertThat(pager.pages().get(0).get("summary").asText()).contains(successorInstance() + " promoted",
                failedInstance() + " is quarantined");
        // Orchestrator may run the hooks again (a second recovery of the same failure): nothing more happens.
        List<Run> again = runHook(HookLines.POST_MASTER_FAILOVER, placeholders(""));
        assertThat(again).allSatisfy(run -> assertThat(run.output()).contains("\"changed\":false"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> pager.pages().size() == 1);
    }

    @Test
    void hostile_text_in_the_placeholders_changes_nothing_but_the_reason_and_the_failover_still_happens()
            throws Exception {
        // Issue 17: every text placeholder at once holds what breaks naive quoting; each tries to run touch.
        Path canary = Path.of(System.getProperty("java.io.tmpdir"),
                "hook-lines-it-canary-" + ProcessHandle.current().pid());
        String attack = "it's \"x\" $(touch " + canary + ") `touch " + canary + "`; touch " + canary + " \\ ";
        Map<String, String> values = placeholders("");
        values.put("failureType", "Dead " + attack);
        values.put("failureCluster", attack + "x".repeat(5_000));
        values.put("failureClusterAlias", "my orders " + attack);
        values.put("recoveryUID", "uid " + attack);

        List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, values);

        assertThat(canary).doesNotExist();
        assertThat(runs).allSatisfy(run -> assertThat(run.exit()).as(run.output()).isZero());
        assertThat(roleOf(successorFixture)).isEqualTo(Role.PRIMARY);
        assertThat(roleOf(failedFixture)).isEqualTo(Role.REPLICA);
        // A recoveryUID that is not one is left out of the request rather than failing the promotion.
        QuarantineRecord record = quarantine(failedInstance());
        assertThat(record).isNotNull();
        assertThat(record.recoveryUid()).isNull();
    }

    @Test
    void a_failed_host_that_is_not_a_host_name_is_refused_before_anything_is_sent() throws Exception {
        Map<String, String> values = placeholders("graceful-master-takeover");
        values.put("failedHost", "db1'; touch /tmp/x; '");
        List<Run> drain = runHook(HookLines.PRE_GRACEFUL_TAKEOVER, values);
        assertThat(drain.get(0).exit()).isEqualTo(2);
        assertThat(drain.get(0).output()).contains("refusing to drain", "is not host:port");
        assertThat(new RoleDirectory(failedFixture.roleDirectory()).readDrainUntil()).isEmpty();
    }

    @Test
    void a_planned_switchover_drains_then_swaps_roles_without_quarantine() throws Exception {
        Map<String, String> values = placeholders("graceful-master-takeover");
        // Before promotion Orchestrator leaves {successorHost} and {recoveryUID} as they are (or empty).
        Map<String, String> before = new LinkedHashMap<>(values);
        before.remove("successorHost");
        before.put("recoveryUID", "");
        List<Run> drain = runHook(HookLines.PRE_GRACEFUL_TAKEOVER, before);
        assertThat(drain.get(0).exit()).as(drain.get(0).output()).isZero();
        assertThat(drain.get(0).output()).contains("\"drained\":true");
        assertThat(new RoleDirectory(failedFixture.roleDirectory()).readDrainUntil()).isPresent();

        List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, values);
        assertThat(runs).allSatisfy(run -> assertThat(run.exit()).as(run.output()).isZero());
        assertThat(roleOf(successorFixture)).isEqualTo(Role.PRIMARY);
        assertThat(roleOf(failedFixture)).isEqualTo(Role.REPLICA);
        assertThat(new RoleDirectory(failedFixture.roleDirectory()).readDrainUntil()).isEmpty();
        assertThat(quarantine(failedInstance())).isNull();
        assertThat(runs.get(1).output()).doesNotContain("quarantine");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> pager.pages().isEmpty());
    }

    @Test
    void with_the_failed_hosts_agent_down_the_whole_hook_still_finishes_in_under_3_seconds() throws Exception {
        failed.close();
        List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, placeholders(""));
        assertThat(runs.get(0).exit()).isZero(); // best effort: || true
        assertThat(runs.get(1).exit()).as(runs.get(1).output()).isZero();
        assertThat(total(runs)).isLessThan(10 * 3000); // 10x its budget (busy CI)
        assertThat(roleOf(successorFixture)).isEqualTo(Role.PRIMARY);
        assertThat(quarantine(failedInstance())).isNotNull();
    }

    @Test
    void with_the_failed_hosts_agent_hung_the_demotion_gives_up_after_2_seconds_and_the_hook_finishes_under_3()
            throws Exception {
        failed.close();
        try (ServerSocket blackhole = new ServerSocket()) {
            // Accepts connections into the backlog and never answers: a hung agent or a stuck host.
            blackhole.bind(new InetSocketAddress(InetAddress.getByName(FAILED_HOST), agentPort), 50);
            List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, placeholders(""));
            assertThat(runs.get(0).exit()).isZero();
            assertThat(runs.get(0).millis()).isBetween(1900L, 10 * 2000L); // 10x its budget (busy CI)
            assertThat(runs.get(1).exit()).as(runs.get(1).output()).isZero();
            assertThat(total(runs)).isLessThan(10 * 3000); // 10x its budget (busy CI)
        }
        assertThat(roleOf(successorFixture)).isEqualTo(Role.PRIMARY);
    }

    @Test
    void the_drain_line_fails_and_so_aborts_the_takeover_when_the_drain_is_not_confirmed() throws Exception {
        Map<String, String> values = placeholders("graceful-master-takeover");
        values.remove("successorHost");
        // A registration that nobody removes (no health agent obeys the lease): the drain answers 504.
        String registration = LAYOUT.registrationPath(SchemaName.of(AgentFixture.SCHEMA), Role.PRIMARY,
                Instance.parse(failedInstance()));
        zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(registration);
        try {
            Run unconfirmed = runHook(HookLines.PRE_GRACEFUL_TAKEOVER, values).get(0);
            assertThat(unconfirmed.exit()).as(unconfirmed.output()).isNotZero();
            assertThat(unconfirmed.output()).contains("504");
        } finally {
            zk.delete().forPath(registration);
        }
        failed.close();
        Run down = runHook(HookLines.PRE_GRACEFUL_TAKEOVER, values).get(0);
        assertThat(down.exit()).isNotZero();
    }

    @Test
    void a_misrouted_hook_changes_nothing() throws Exception {
        // Orchestrator names the successor with another spelling than its agent's: refused, not applied.
        Map<String, String> values = placeholders("");
        values.put("successorPort", Integer.toString(mysqlPort + 1));
        List<Run> runs = runHook(HookLines.POST_MASTER_FAILOVER, values);
        assertThat(runs.get(1).exit()).isNotZero();
        assertThat(roleOf(successorFixture)).isEqualTo(Role.REPLICA);
    }
}
