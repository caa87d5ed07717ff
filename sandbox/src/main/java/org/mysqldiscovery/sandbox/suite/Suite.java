package org.mysqldiscovery.sandbox.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.SuiteIdentities;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.sandbox.ProgramSpec;
import org.mysqldiscovery.sandbox.Sandbox;
import org.mysqldiscovery.sandbox.SandboxProgram;
import org.mysqldiscovery.sandbox.SchemaSpec;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.process.LoopbackPorts;
import org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn;
import org.mysqldiscovery.sandbox.proxysql.StandInConfig;
import org.mysqldiscovery.sandbox.scenario.PagerReceiver;
import org.mysqldiscovery.sandbox.scenario.RouteMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suite running on the sandbox: ZooKeeper, MariaDB clusters, per MySQL host a health agent and a role
 * agent (own loopback address each, so that Orchestrator's hook lines address them as in production), one
 * proxysql-sync writing to a ProxySQL admin (real or stand-in), a local PagerDuty-shaped pager receiver. Every
 * program runs as its own process from its jar.
 */
public final class Suite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Suite.class);
    /** Hostgroups of the n-th schema (from 0): writer 10(n+1), readers 10(n+1)+1, reporting 10(n+1)+2. */
    private static final int HOSTGROUP_STEP = 10;
    private static final int AGENT_HEAP_MB = 48;
    private static final List<String> AGENT_JVM = List.of("-Xss512k", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final SuiteSettings settings;
    private final Sandbox sandbox;
    private final ProgramJars jars;
    private final Map<String, MysqlHost> hosts = new LinkedHashMap<>();
    private final Map<String, Integer> hostgroupBase = new LinkedHashMap<>();
    private PagerReceiver pager;
    private ProxySqlAdmin admin;
    private SandboxProgram sync;
    private String syncUrl;
    private SandboxProgram serve;
    private String serveUrl;
    private CuratorFramework observer;
    private RouteMonitor routes;
    private Path secrets;
    private Path tokenFile;
    private SuiteIdentities zkIdentities;
    private Path operatorConfig;
    private int roleAgentPort;
    private Duration startupTime;

    private Suite(SuiteSettings settings, ProgramJars jars) {
        this.settings = settings;
        this.jars = jars;
        Sandbox.Builder builder = Sandbox.builder().zookeeperNodes(settings.zookeeperNodes())
                .tickTimeMillis(settings.tickTimeMillis()).keepDir(settings.keepDir()).ownAddresses(true)
                .parentDir(dataParent());
        for (SchemaSpec schema : settings.schemas()) {
            builder.schema(schema);
        }
        this.sandbox = builder.build();
    }

    /**
     * Where the sandbox keeps its data: tmpfs ({@code /dev/shm}) when there is one. The fsyncs that ZooKeeper, InnoDB
     * and the role agent do cost 50–100 ms each on this kind of shared virtual disk, which says nothing about a
     * database host's SSD; set {@code -Dsandbox.dir=/path} to measure on a disk of your choice.
     */
    static Path dataParent() {
        String chosen = System.getProperty("sandbox.dir");
        if (chosen != null) {
            return Path.of(chosen);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Starts everything and waits until every server is registered and routed; closes what started on failure. */
    public static Suite start(SuiteSettings settings) {
        return start(settings, ProgramJars.discover());
    }

    public static Suite start(SuiteSettings settings, ProgramJars jars) {
        Suite suite = new Suite(settings, jars);
        try {
            suite.startAll();
            return suite;
        } catch (RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        Path healthJar = jars.require(ProgramJars.HEALTH_AGENT);
        Path roleJar = jars.require(ProgramJars.ROLE_AGENT);
        Path syncJar = jars.require(ProgramJars.PROXYSQL_SYNC);
        Path cliJar = jars.require(ProgramJars.CLI);
        sandbox.start();
        try {
            secrets = Files.createDirectories(sandbox.directory().resolve("suite-secrets"));
            tokenFile = secret("role-agent.token", randomToken());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the suite's secrets", e);
        }
        Path routingKey = secret("pager-routing-key", "sandbox-routing-key");
        pager = new PagerReceiver();
        admin = startAdmin();
        // Every program gets its own ZooKeeper identity (password files in the run directory): ACLs on, as deployed.
        zkIdentities = SuiteIdentities.generate(secrets.resolve("zookeeper"));
        AgentConfigs.Zk zk = new AgentConfigs.Zk(sandbox.zookeeper().connectString(), sandbox.zookeeperRoot(),
                settings.sessionTimeoutMillis(), zkIdentities);
        operatorConfig = secrets.resolve("operator-cli.yaml");
        try {
            Files.writeString(operatorConfig, AgentConfigs.operatorCli(zk), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + operatorConfig, e);
        }

        List<MariaDbServer> servers = sandbox.mysqlServers();
        roleAgentPort = portFreeOnAll(servers.stream().map(MariaDbServer::host).toList());
        int schemaIndex = 0;
        for (MariaDbCluster cluster : sandbox.clusters().values()) {
            hostgroupBase.put(cluster.schema(), HOSTGROUP_STEP * ++schemaIndex);
            for (int i = 0; i < cluster.servers().size(); i++) {
                MariaDbServer server = cluster.servers().get(i);
                String datacenter = settings.datacenters() == null ? null : settings.datacenters().of(i);
                hosts.put(server.instance(), launchHost(zk, cluster, server, healthJar, roleJar, routingKey,
                        datacenter));
            }
        }
        int syncPort = LoopbackPorts.next();
        syncUrl = "http://127.0.0.1:" + syncPort;
        Path adminPassword = secret("proxysql-admin.password", admin.password());
        sync = sandbox.programs().launch(ProgramSpec.of("proxysql-sync", "proxysql-sync", syncJar,
                        AgentConfigs.proxysqlSync(zk, syncPort, admin.host(), admin.port(), admin.user(), adminPassword,
                                hostgroupBase, pager.url(), routingKey,
                                adminPassword.resolveSibling("proxysql-sync-open-pages.json"),
                                settings.datacenters()))
                .withHeapMb(96).withJvmOptions(AGENT_JVM).withHttpUrl(syncUrl));

        // Beside Orchestrator: the resident precheck service its PreFailoverProcesses line asks.
        int servePort = LoopbackPorts.next();
        serveUrl = "http://127.0.0.1:" + servePort;
        // The status page reads what ProxySQL routes with a copy of the sync's config (only its proxysql and hostgroups
        // sections: the copy names the observer identity to show that serve needs no sync password).
        Path syncForServe = secret("serve-proxysql-sync.yaml", AgentConfigs.proxysqlSync(zk,
                ZkIdentities.Kind.OBSERVER, syncPort, admin.host(), admin.port(), admin.user(), adminPassword,
                hostgroupBase, pager.url(), routingKey,
                adminPassword.resolveSibling("proxysql-sync-open-pages.json"), settings.datacenters()).strip());
        String serveConfig = AgentConfigs.serve(zk, servePort, sandbox.agentCredentials().user(),
                sandbox.agentCredentials().passwordFile(), tokenFile, syncForServe);
        secret("precheck.yaml", serveConfig.strip());
        serve = sandbox.programs().launch(ProgramSpec.of("serve", "mysql-discovery-serve", cliJar, serveConfig)
                .withCommand(List.of("serve")).withHeapMb(64).withJvmOptions(AGENT_JVM).withHttpUrl(serveUrl)
                .withTokenFile(tokenFile).withStatusPageUrl(statusPageUrl()));

        observer = ZkClientFactory.create(new ZkSettings(sandbox.zookeeper().connectString(), sandbox.zookeeperRoot(),
                10_000, 2_000, 100, 100, 1, zkIdentities.auth(ZkIdentities.Kind.OPERATOR), null),
                ZkIdentities.Kind.OPERATOR);
        observer.start();
        routes = new RouteMonitor(admin.jdbcUrl(), Duration.ofMillis(1));
        await("every server registered in ZooKeeper and routed by ProxySQL", Duration.ofSeconds(60),
                this::everythingRouted);
        // Up means every agent answers too: a hook may be the very next thing a user runs.
        for (MysqlHost host : hosts.values()) {
            host.health().awaitListening(MysqlHost.AGENT_START_TIMEOUT);
            host.role().awaitListening(MysqlHost.AGENT_START_TIMEOUT);
        }
        sync.awaitListening(MysqlHost.AGENT_START_TIMEOUT);
        serve.awaitListening(MysqlHost.AGENT_START_TIMEOUT);
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    private MysqlHost launchHost(AgentConfigs.Zk zk, MariaDbCluster cluster, MariaDbServer server, Path healthJar,
            Path roleJar, Path routingKey, String datacenter) {
        Path roleDir = sandbox.directory().resolve("hosts").resolve(server.name());
        try {
            RoleDirectory roles = new RoleDirectory(roleDir);
            roles.writeSchema(SchemaName.of(cluster.schema()));
            roles.writeRole(Role.fromToken(server.role().token()));
        } catch (RoleFileException e) {
            throw new IllegalStateException("cannot write the role files of " + server.instance() + ": "
                    + e.getMessage(), e);
        }
        var agent = cluster.agentCredentials();
        int healthPort = LoopbackPorts.next();
        String healthUrl = "http://" + server.host() + ":" + healthPort;
        String roleUrl = "http://" + server.host() + ":" + roleAgentPort;
        SandboxProgram health = sandbox.programs().launch(ProgramSpec.of("health-agent",
                        "health-agent-" + server.name(), healthJar,
                        AgentConfigs.healthAgent(zk, server.instance(), server.host(), server.port(), healthPort,
                                roleDir, agent.user(), agent.passwordFile(), settings.checkIntervalMillis(),
                                datacenter))
                .withHeapMb(AGENT_HEAP_MB).withJvmOptions(AGENT_JVM).withInstance(server.instance())
                .withHttpUrl(healthUrl));
        SandboxProgram role = sandbox.programs().launch(ProgramSpec.of("role-agent", "role-agent-" + server.name(),
                        roleJar,
                        AgentConfigs.roleAgent(zk, server.instance(), server.host(), server.port(), roleAgentPort,
                                roleDir, tokenFile, agent.user(), agent.passwordFile(),
                                roleDir.resolveSibling(server.name() + "-audit.log"), pager.url(), routingKey))
                .withHeapMb(AGENT_HEAP_MB).withJvmOptions(AGENT_JVM).withInstance(server.instance())
                .withHttpUrl(roleUrl).withTokenFile(tokenFile));
        return new MysqlHost(cluster, server, roleDir, health, role, roleUrl, healthUrl);
    }

    private ProxySqlAdmin startAdmin() {
        if (settings.proxysqlAdmin().isPresent()) {
            ProxySqlAdmin real = ProxySqlAdmin.parse(settings.proxysqlAdmin().get());
            LOG.info("the sync writes to the {}", real.describe());
            return real;
        }
        String password = randomToken();
        ProxySqlAdminStandIn standIn = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", password,
                sandbox.directory().resolve("proxysql-admin-stand-in")));
        try {
            standIn.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ProxySQL admin stand-in", e);
        }
        ProxySqlAdmin stood = new ProxySqlAdmin(standIn.host(), standIn.port(), "admin", password,
                Optional.of(standIn));
        LOG.warn("no --proxysql-admin given: the sync writes to the {}", stood.describe());
        return stood;
    }

    /** Every server whose role is in ZooKeeper is routed, and every schema has its primary in the writer hostgroup. */
    private boolean everythingRouted() {
        Map<String, Set<String>> registered = registrations();
        int expected = hosts.size();
        int found = registered.values().stream().mapToInt(Set::size).sum();
        if (found < expected) {
            return false;
        }
        for (MariaDbCluster cluster : sandbox.clusters().values()) {
            if (!routes.latest().hostgroup(writerHostgroup(cluster.schema())).equals(
                    Set.of(cluster.primary().instance()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code schema/role} → registered instances, read from ZooKeeper now. */
    public Map<String, Set<String>> registrations() {
        Map<String, Set<String>> registered = new TreeMap<>();
        ZkLayout layout = layout();
        try {
            if (observer.checkExists().forPath(layout.mysqlRoot()) == null) {
                return registered;
            }
            for (String schema : observer.getChildren().forPath(layout.mysqlRoot())) {
                String schemaPath = layout.mysqlRoot() + "/" + schema;
                for (String role : observer.getChildren().forPath(schemaPath)) {
                    registered.put(schema + "/" + role,
                            new TreeSet<>(observer.getChildren().forPath(schemaPath + "/" + role)));
                }
            }
        } catch (Exception e) { // Curator's API throws Exception; a read that fails means "not yet"
            LOG.debug("reading registrations: {}", e.toString());
        }
        return registered;
    }

    private Path secret(String name, String value) {
        try {
            Path file = secrets.resolve(name);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret " + name, e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A port free on every one of these addresses (the role agents share one port, as in production). */
    private static int portFreeOnAll(List<String> addresses) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = LoopbackPorts.next();
            boolean free = true;
            for (String address : new TreeSet<>(addresses)) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(address, port));
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on every address of " + addresses);
    }

    /** Waits on a condition with a deadline (never a fixed sleep). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    public SuiteSettings settings() {
        return settings;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public List<MysqlHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public MysqlHost host(String instance) {
        MysqlHost host = hosts.get(instance);
        if (host == null) {
            throw new IllegalArgumentException("no MySQL host " + instance + " (have " + hosts.keySet() + ")");
        }
        return host;
    }

    public List<MysqlHost> hosts(String schema) {
        return hosts.values().stream().filter(h -> h.schema().equals(schema)).toList();
    }

    public MysqlHost primaryHost(String schema) {
        return host(sandbox.cluster(schema).primary().instance());
    }

    public int writerHostgroup(String schema) {
        return hostgroupBase.get(schema);
    }

    public int replicaHostgroup(String schema) {
        return hostgroupBase.get(schema) + 1;
    }

    public PagerReceiver pager() {
        return pager;
    }

    public ProxySqlAdmin admin() {
        return admin;
    }

    public SandboxProgram sync() {
        return sync;
    }

    public String syncUrl() {
        return syncUrl;
    }

    /**
     * The operator's status page of {@code mysql-discovery serve}: log in with any user name and the token of
     * {@link #tokenFile()} as password.
     */
    public String statusPageUrl() {
        return serveUrl + "/status/";
    }

    /** {@code mysql-discovery serve}, the precheck service of the hooks. */
    public SandboxProgram serve() {
        return serve;
    }

    public RouteMonitor routes() {
        return routes;
    }

    /** The ZooKeeper identities the suite's programs run with (one per kind; passwords in the run directory). */
    public SuiteIdentities zookeeperIdentities() {
        return zkIdentities;
    }

    /** The operator CLI's config ({@code --config}): the ZooKeeper section with the operator identity. */
    public Path operatorCliConfig() {
        return operatorConfig;
    }

    /** A client authenticated as the operator (all rights). */
    public CuratorFramework observer() {
        return observer;
    }

    public ZkLayout layout() {
        return new ZkLayout(sandbox.zookeeperRoot());
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public int roleAgentPort() {
        return roleAgentPort;
    }

    /** The shipped hook lines with this sandbox's deploy-time values. */
    public HookLines hookLines() {
        return HookLines.bundled().render(new HookLines.DeployTokens(roleAgentPort, tokenFile.toString(), "http", "",
                secrets.resolve("precheck.yaml").toString(), serveUrl));
    }

    public Duration startupTime() {
        return startupTime;
    }

    /** A summary for humans: where everything listens and what is registered and routed. */
    public String describe() {
        StringBuilder text = new StringBuilder(sandbox.describe());
        text.append("proxysql      ").append(admin.describe()).append('\n');
        text.append("sync          ").append(syncUrl).append("/status\n");
        text.append("precheck      ").append(serveUrl).append("/v1/precheck (mysql-discovery serve)\n");
        text.append("status page   ").append(statusPageUrl()).append(" (user: any, password: the token in ")
                .append(tokenFile).append("; data: ").append(serveUrl).append("/v1/status)\n");
        text.append("pager         ").append(pager.url()).append(" (local PagerDuty-shaped receiver)\n");
        text.append("role agents   port ").append(roleAgentPort).append(" on each host's address, token file ")
                .append(tokenFile).append('\n');
        text.append("registered    ").append(registrations()).append('\n');
        text.append("routed        ").append(routes.latest().online()).append('\n');
        for (MariaDbCluster cluster : sandbox.clusters().values()) {
            text.append("hostgroups    ").append(cluster.schema()).append(": writer ")
                    .append(writerHostgroup(cluster.schema())).append(", replicas ")
                    .append(replicaHostgroup(cluster.schema())).append(", reporting ")
                    .append(writerHostgroup(cluster.schema()) + 2).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        List<AutoCloseable> closing = new ArrayList<>();
        closing.add(routes);
        closing.add(observer);
        closing.add(sandbox);
        closing.add(admin == null ? null : admin.standIn().orElse(null));
        closing.add(pager);
        for (AutoCloseable closeable : closing) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) { // keep closing the rest; say what failed
                LOG.warn("closing {}: {}", closeable.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
