package org.mysqldiscovery.sandbox.mysql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mysqldiscovery.sandbox.process.ChildProcess;
import org.mysqldiscovery.sandbox.process.LoopbackPorts;
import org.mysqldiscovery.sandbox.process.ProcessSpec;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real mariadbd on 127.0.0.1, its data directory in the sandbox. Administrative statements
 * run as {@code root} (no password, loopback only), each on a fresh connection.
 *
 * <p>Every start launches a new process (new PID) with the flags of that moment: a server
 * started as a replica gets {@code --read-only}, like a my.cnf that follows the role.
 */
public final class MariaDbServer {

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_SOCKET_PATH = 100;

    private final String schema;
    private final String name;
    private final int serverId;
    private final int port;
    private final Path dir;
    private final MariaDbBinaries binaries;
    private final ProcessSupervisor supervisor;
    static final String LOOPBACK = "127.0.0.1";
    private final String host;
    private volatile ServerRole role;
    private volatile ChildProcess process;

    MariaDbServer(String schema, String name, int serverId, Path dir, MariaDbBinaries binaries,
            ProcessSupervisor supervisor, ServerRole role) {
        this(schema, name, serverId, dir, binaries, supervisor, role, LOOPBACK);
    }

    /**
     * @param host the address this server is known by (its instance spelling). Anything other than 127.0.0.1
     *             (e.g. 127.0.0.12) gives it a "host" of its own, as in production, so that per-host agents can
     *             share one port; the server also listens on 127.0.0.1 for the sandbox's own root connections.
     */
    MariaDbServer(String schema, String name, int serverId, Path dir, MariaDbBinaries binaries,
            ProcessSupervisor supervisor, ServerRole role, String host) {
        this.host = Objects.requireNonNull(host, "host");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.name = Objects.requireNonNull(name, "name");
        if (serverId < 1) {
            throw new IllegalArgumentException("server id must be positive: " + serverId);
        }
        this.serverId = serverId;
        this.dir = Objects.requireNonNull(dir, "dir");
        this.binaries = Objects.requireNonNull(binaries, "binaries");
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.role = Objects.requireNonNull(role, "role");
        this.port = LoopbackPorts.next();
    }

    public String schema() {
        return schema;
    }

    /** {@code <schema>-<n>}, unique in the sandbox. */
    public String name() {
        return name;
    }

    public int serverId() {
        return serverId;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** {@code HOST:PORT}: the spelling agents, ZooKeeper and quarantines use. */
    public String instance() {
        return host() + ":" + port;
    }

    /** The role the sandbox arranged (changes with {@code promote}). */
    public ServerRole role() {
        return role;
    }

    void role(ServerRole newRole) {
        this.role = Objects.requireNonNull(newRole, "role");
    }

    public Path directory() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path errorLog() {
        return dir.resolve("error.log");
    }

    /** The mariadbd process of the current (or last) run; empty before the first start. */
    public Optional<ChildProcess> process() {
        return Optional.ofNullable(process);
    }

    /** PID of the current or last run, -1 if never started. */
    public long pid() {
        ChildProcess p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean isRunning() {
        ChildProcess p = process;
        return p != null && p.isAlive();
    }

    /** {@code jdbc:mariadb://127.0.0.1:PORT/} (no credentials). */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + instance() + "/";
    }

    /** A JDBC URL that logs in as {@code credentials}. */
    public String jdbcUrl(Credentials credentials) {
        return jdbcUrl() + "?user=" + credentials.user() + "&password=" + credentials.password() + "&connectTimeout=2000";
    }

    /** The root URL the sandbox itself uses (always on 127.0.0.1, where root may log in). */
    public String rootJdbcUrl() {
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/?user=root&connectTimeout=2000";
    }

    /** Copies the template data directory in, unless this server has one already. */
    void initialize(MariaDbTemplate template) {
        if (Files.isDirectory(dataDir().resolve("mysql"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        template.copyTo(dataDir());
    }

    /**
     * Starts mariadbd and waits until it accepts SQL. A no-op when it runs already.
     *
     * @param readOnly start with {@code --read-only}
     */
    public synchronized void start(boolean readOnly) {
        if (isRunning()) {
            return;
        }
        if (!Files.isDirectory(dataDir().resolve("mysql"))) {
            throw new IllegalStateException(name + ": no data directory at " + dataDir() + " (not initialized)");
        }
        long t0 = System.nanoTime();
        ProcessSpec spec = ProcessSpec.of("mysqld-" + name, command(readOnly), dir, dir.resolve("mariadbd.out"))
                .withStopTimeout(Duration.ofSeconds(30));
        process = supervisor.launch(spec);
        awaitReady(process, START_TIMEOUT);
        log.info("mariadbd {} ({}, server_id {}{}) ready on {} after {} ms", name, role, serverId,
                readOnly ? ", read-only" : "", instance(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Clean shutdown (SIGTERM, then SIGKILL after 30 s). Idempotent. */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** SIGKILL: a crash. Idempotent. */
    public synchronized void kill9() {
        if (process != null) {
            process.kill9();
        }
    }

    List<String> command(boolean readOnly) {
        List<String> c = new ArrayList<>();
        c.add(binaries.mariadbd().toString());
        c.add("--no-defaults"); // must come first
        if (MariaDbBinaries.runningAsRoot()) {
            c.add("--user=root");
        }
        binaries.basedir().ifPresent(b -> {
            c.add("--basedir=" + b);
            c.add("--lc-messages-dir=" + b.resolve("share"));
        });
        c.add("--datadir=" + dataDir());
        c.add("--port=" + port);
        c.add("--bind-address=" + (host.equals(LOOPBACK) ? LOOPBACK : LOOPBACK + "," + host));
        c.add("--socket=" + socketPath());
        c.add("--pid-file=" + dir.resolve("mariadbd.pid"));
        c.add("--log-error=" + errorLog());
        c.add("--server-id=" + serverId);
        c.add("--report-host=" + host);
        c.add("--report-port=" + port);
        c.add("--log-bin=mysql-bin");
        c.add("--relay-log=relay-bin");
        c.add("--binlog-format=ROW");
        c.add("--log-slave-updates");
        c.add("--gtid-strict-mode=ON");
        c.add("--skip-name-resolve");
        // MariaDB 11.x would spend ~10 s of CPU generating a TLS key at every start.
        c.add("--skip-ssl");
        c.add("--slave-net-timeout=5");
        c.add("--performance-schema=OFF");
        c.add("--innodb-buffer-pool-size=32M");
        c.addAll(MariaDbTemplate.layoutFlags());
        // Test servers: durability traded for speed on a shared machine.
        c.add("--innodb-flush-log-at-trx-commit=2");
        c.add("--sync-binlog=0");
        c.add("--key-buffer-size=1M");
        c.add("--aria-pagecache-buffer-size=8M");
        c.add("--max-connections=200");
        if (readOnly) {
            c.add("--read-only");
        }
        return c;
    }

    private Path socketPath() {
        Path preferred = dir.resolve("mysqld.sock").toAbsolutePath();
        if (preferred.toString().length() <= MAX_SOCKET_PATH) {
            return preferred;
        }
        // Unix socket paths are limited to ~107 bytes.
        return Path.of("/tmp", "mds-" + ProcessHandle.current().pid() + "-" + serverId + ".sock");
    }

    private void awaitReady(ChildProcess p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (true) {
            if (!p.isAlive()) {
                throw new MariaDbException("mariadbd " + name + " exited (code " + p.exitCode().orElse(-1) + ") during start-up; "
                        + errorLog() + ":\n" + ChildProcess.tail(errorLog(), 25) + "\n" + p.logTail(10));
            }
            try (Connection c = DriverManager.getConnection(rootJdbcUrl()); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new MariaDbException("mariadbd " + name + " did not accept connections on " + instance() + " within "
                        + timeout.toMillis() + " ms; " + errorLog() + ":\n" + ChildProcess.tail(errorLog(), 25), last);
            }
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MariaDbException("interrupted while waiting for mariadbd " + name, e);
            }
        }
    }

    /** A new root connection; the caller closes it. */
    public Connection connect() {
        try {
            return DriverManager.getConnection(rootJdbcUrl());
        } catch (SQLException e) {
            throw new MariaDbException("cannot connect to " + name + " (" + instance() + ") as root: " + e.getMessage(), e);
        }
    }

    /** Runs statements in order on one root connection. */
    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new MariaDbException(name + " (" + instance() + "): " + redact(sql) + " failed: " + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new MariaDbException(name + " (" + instance() + "): " + e.getMessage(), e);
        }
    }

    /** Every row of a query as column label to string value (null for SQL NULL). */
    public List<Map<String, String>> queryRows(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new MariaDbException(name + " (" + instance() + "): " + redact(sql) + " failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, or null when there is no row or the value is NULL. */
    public String queryValue(String sql) {
        List<Map<String, String>> rows = queryRows(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /** {@code SHOW SLAVE STATUS}; empty when the server replicates from nobody. */
    public Optional<ReplicaStatus> replicaStatus() {
        List<Map<String, String>> rows = queryRows("SHOW SLAVE STATUS");
        return rows.isEmpty() ? Optional.empty() : Optional.of(ReplicaStatus.fromRow(rows.get(0)));
    }

    public boolean readOnly() {
        return "1".equals(queryValue("SELECT @@GLOBAL.read_only"));
    }

    public GtidPosition gtidBinlogPos() {
        return GtidPosition.parse(queryValue("SELECT @@GLOBAL.gtid_binlog_pos"));
    }

    public GtidPosition gtidSlavePos() {
        return GtidPosition.parse(queryValue("SELECT @@GLOBAL.gtid_slave_pos"));
    }

    public GtidPosition gtidCurrentPos() {
        return GtidPosition.parse(queryValue("SELECT @@GLOBAL.gtid_current_pos"));
    }

    /** Statements that carry passwords are logged without them. */
    static String redact(String sql) {
        return sql.replaceAll("(?i)(PASSWORD\\s*=?\\s*|IDENTIFIED BY\\s*)'[^']*'", "$1'***'");
    }

    @Override
    public String toString() {
        return name + "@" + instance() + "(" + role + ")";
    }
}
