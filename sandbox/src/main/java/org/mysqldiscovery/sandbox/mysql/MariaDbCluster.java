package org.mysqldiscovery.sandbox.mysql;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.mysqldiscovery.sandbox.process.Parallel;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schema's MariaDB servers: a primary and replicas with GTID replication, plus the accounts
 * the suite needs, and the operations tests and demos use (stop, kill -9, stop replication,
 * lag, read-only, Orchestrator-style promotion).
 *
 * <p>The servers are addressed by object ({@link #servers()}, {@link #primary()}); every
 * operation checks that the server belongs to this cluster.
 */
public final class MariaDbCluster implements AutoCloseable {

    /** Lifecycle of the cluster as a whole. */
    public enum State { NEW, RUNNING, CLOSED }

    /** Database where the agent account may create its heartbeat table. */
    public static final String AGENT_DATABASE = "mysql_discovery";
    /** Database for the sandbox's own writes (lag heartbeat) and tests' rows. */
    public static final String SANDBOX_DATABASE = "sandbox";
    /** Server-level privileges offered to the agent account; those this MariaDB lacks are skipped. */
    public static final List<String> AGENT_PRIVILEGES = List.of("SELECT", "PROCESS", "REPLICATION CLIENT",
            "REPLICA MONITOR", "SLAVE MONITOR", "READ_ONLY ADMIN", "SUPER", "BINLOG MONITOR");

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Logger log = LoggerFactory.getLogger(MariaDbCluster.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final long LAG_WRITE_INTERVAL_MILLIS = 250;

    private final String schema;
    private final List<MariaDbServer> servers;
    private final MariaDbTemplate template;
    private final Credentials replication;
    private final Credentials agent;
    private final List<Consumer<Promotion>> promotionListeners = new CopyOnWriteArrayList<>();
    private final Set<MariaDbServer> lagging = ConcurrentHashMap.newKeySet();
    /** Held by promotions and by the lag writer, so that no write lands on a demoted primary. */
    private final ReentrantLock topology = new ReentrantLock();
    private final List<String> grantedAgentPrivileges = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService lagWriter;
    private volatile MariaDbServer primary;
    private State state = State.NEW;
    private Duration startupTime;

    /**
     * Prepares (does not start) the servers: {@code serverCount} in all, the first is the primary,
     * the last {@code reportingReplicas} are reporting replicas.
     *
     * @param nextServerId hands out server ids unique in the sandbox
     */
    public MariaDbCluster(String schema, int serverCount, int reportingReplicas, Path dir, MariaDbTemplate template,
            ProcessSupervisor supervisor, IntSupplier nextServerId, Credentials replication, Credentials agent) {
        this(schema, serverCount, reportingReplicas, dir, template, supervisor, nextServerId, replication, agent, false);
    }

    /** @param ownAddresses give every server a loopback address of its own (see {@link MariaDbServer#host()}) */
    public MariaDbCluster(String schema, int serverCount, int reportingReplicas, Path dir, MariaDbTemplate template,
            ProcessSupervisor supervisor, IntSupplier nextServerId, Credentials replication, Credentials agent,
            boolean ownAddresses) {
        Objects.requireNonNull(schema, "schema");
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema name must match [a-z0-9][a-z0-9_-]{0,63}: '" + schema + "'");
        }
        if (serverCount < 1 || serverCount > 9) {
            throw new IllegalArgumentException("schema " + schema + ": servers must be 1..9, not " + serverCount);
        }
        if (reportingReplicas < 0 || reportingReplicas > serverCount - 1) {
            throw new IllegalArgumentException("schema " + schema + ": reporting replicas must be 0.." + (serverCount - 1)
                    + ", not " + reportingReplicas);
        }
        this.schema = schema;
        this.template = Objects.requireNonNull(template, "template");
        this.replication = Objects.requireNonNull(replication, "replication");
        this.agent = Objects.requireNonNull(agent, "agent");
        List<MariaDbServer> list = new ArrayList<>();
        for (int i = 0; i < serverCount; i++) {
            ServerRole role = i == 0 ? ServerRole.PRIMARY
                    : i >= serverCount - reportingReplicas ? ServerRole.REPORTING_REPLICA : ServerRole.REPLICA;
            String name = schema + "-" + (i + 1);
            int serverId = nextServerId.getAsInt();
            // With own addresses each server is a "host" of its own: 127.0.0.(10 + server id).
            String host = ownAddresses ? "127.0.0." + (10 + serverId) : MariaDbServer.LOOPBACK;
            list.add(new MariaDbServer(schema, name, serverId, dir.resolve(name), template.binaries(), supervisor, role,
                    host));
        }
        this.servers = List.copyOf(list);
        this.primary = servers.get(0);
    }

    public String schema() {
        return schema;
    }

    public synchronized State state() {
        return state;
    }

    public List<MariaDbServer> servers() {
        return servers;
    }

    public MariaDbServer server(int index) {
        return servers.get(index);
    }

    /** The server with this {@code host:port}, if it is one of ours. */
    public Optional<MariaDbServer> server(String instance) {
        return servers.stream().filter(s -> s.instance().equals(instance)).findFirst();
    }

    /** The current primary (changes with {@link #promote}). */
    public MariaDbServer primary() {
        return primary;
    }

    /** Every server that is not the primary. */
    public List<MariaDbServer> replicas() {
        MariaDbServer p = primary;
        return servers.stream().filter(s -> s != p).toList();
    }

    public Credentials replicationCredentials() {
        return replication;
    }

    public Credentials agentCredentials() {
        return agent;
    }

    /** The server-level privileges the agent account actually got on this MariaDB. */
    public List<String> agentPrivileges() {
        return List.copyOf(grantedAgentPrivileges);
    }

    /** Called after every promotion, in the promoting thread (the place for hook lines). */
    public void addPromotionListener(Consumer<Promotion> listener) {
        promotionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Starts the servers in parallel, creates the accounts on the primary, points the replicas
     * at it and waits until every replica has caught up (so the accounts exist everywhere).
     */
    public synchronized void start() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("cluster " + schema + " is closed");
        }
        if (state == State.RUNNING) {
            return;
        }
        long t0 = System.nanoTime();
        Parallel.forEach(servers, s -> {
            s.initialize(template);
            s.start(s.role() != ServerRole.PRIMARY);
        });
        bootstrapPrimary(primary);
        Parallel.forEach(replicas(), this::pointAtPrimary);
        awaitCaughtUp(replicas(), CATCH_UP_TIMEOUT);
        state = State.RUNNING;
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        log.info("schema {}: {} MariaDB server(s) replicating from {} after {} ms", schema, servers.size(),
                primary.instance(), startupTime.toMillis());
    }

    /** How long {@link #start()} took (data directories copied until every replica caught up). */
    public synchronized Optional<Duration> startupTime() {
        return Optional.ofNullable(startupTime);
    }

    private void bootstrapPrimary(MariaDbServer p) {
        p.execute(
                "CREATE USER '" + replication.user() + "'@'%' IDENTIFIED BY '" + replication.password() + "'",
                "GRANT REPLICATION SLAVE ON *.* TO '" + replication.user() + "'@'%'",
                "CREATE USER '" + agent.user() + "'@'%' IDENTIFIED BY '" + agent.password() + "'");
        grantedAgentPrivileges.clear();
        for (String privilege : AGENT_PRIVILEGES) {
            try {
                p.execute("GRANT " + privilege + " ON *.* TO '" + agent.user() + "'@'%'");
                grantedAgentPrivileges.add(privilege);
            } catch (MariaDbException e) {
                // Older or newer servers lack some names (READ_ONLY ADMIN is 10.11+): skip them.
                log.debug("schema {}: privilege {} not granted: {}", schema, privilege, e.getMessage());
            }
        }
        p.execute(
                "CREATE DATABASE IF NOT EXISTS " + AGENT_DATABASE,
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP ON " + AGENT_DATABASE + ".* TO '" + agent.user() + "'@'%'",
                "CREATE DATABASE IF NOT EXISTS " + SANDBOX_DATABASE,
                "CREATE TABLE IF NOT EXISTS " + SANDBOX_DATABASE + ".heartbeat (id INT PRIMARY KEY, ts DATETIME(6) NOT NULL, "
                        + "server_id INT UNSIGNED NOT NULL)");
    }

    private void pointAtPrimary(MariaDbServer replica) {
        replica.execute(changeMaster(primary), "START SLAVE");
    }

    private String changeMaster(MariaDbServer source) {
        return "CHANGE MASTER TO MASTER_HOST='" + source.host() + "', MASTER_PORT=" + source.port()
                + ", MASTER_USER='" + replication.user() + "', MASTER_PASSWORD='" + replication.password()
                + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_HEARTBEAT_PERIOD=1"
                // Servers run --skip-ssl; MariaDB 11.4 replicas would otherwise insist on TLS.
                + ", MASTER_SSL=0";
    }

    /**
     * Waits until each running replica has applied everything the primary has logged (via
     * {@code MASTER_GTID_WAIT}); replicas whose replication is stopped or delayed will time out.
     */
    public void awaitCaughtUp(List<MariaDbServer> which, Duration timeout) {
        MariaDbServer p = primary;
        GtidPosition target = p.gtidBinlogPos();
        if (target.isEmpty()) {
            return;
        }
        Parallel.forEach(which.stream().filter(MariaDbServer::isRunning).toList(), r -> {
            String result = r.queryValue("SELECT MASTER_GTID_WAIT('" + target + "', " + Math.max(1, timeout.toSeconds()) + ")");
            if (!"0".equals(result)) {
                throw new MariaDbException(r.name() + " did not reach " + target + " of " + p.name() + " within "
                        + timeout.toSeconds() + " s; " + r.replicaStatus().map(Object::toString).orElse("no replication configured"));
            }
        });
    }

    // ---- operations -------------------------------------------------------------------

    /** Clean shutdown of one mysqld. */
    public void stopMysqld(MariaDbServer server) {
        own(server).stop();
    }

    /** SIGKILL of one mysqld: a crash. */
    public void kill9(MariaDbServer server) {
        own(server).kill9();
    }

    /** Starts a stopped mysqld, read-only unless it is the primary (like a my.cnf that follows the role). */
    public void start(MariaDbServer server) {
        own(server).start(server.role() != ServerRole.PRIMARY);
    }

    /** Starts a stopped mysqld with an explicit {@code read_only} (a crashed primary that comes back writable: false). */
    public void start(MariaDbServer server, boolean readOnly) {
        own(server).start(readOnly);
    }

    /** {@code STOP SLAVE}: both threads stop, {@code Seconds_Behind_Master} becomes NULL. */
    public void stopReplication(MariaDbServer server) {
        own(server).execute("STOP SLAVE");
    }

    /** {@code START SLAVE}. */
    public void startReplication(MariaDbServer server) {
        own(server).execute("START SLAVE");
    }

    /**
     * Makes {@code server} lag by {@code delay}: {@code MASTER_DELAY} plus a writer on the
     * primary (every 250 ms, into {@code sandbox.heartbeat}) so that the lag stays visible as
     * {@code Seconds_Behind_Master} instead of vanishing after one event. {@link #clearLag} ends it.
     */
    public void createLag(MariaDbServer server, Duration delay) {
        own(server);
        if (server == primary) {
            throw new IllegalArgumentException(server.name() + " is the primary of " + schema + ": it cannot lag");
        }
        if (delay.isNegative() || delay.toSeconds() > 86_400) {
            throw new IllegalArgumentException("lag must be 0..86400 s, not " + delay);
        }
        setDelay(server, delay.toSeconds());
        if (delay.isZero()) {
            lagging.remove(server);
        } else {
            lagging.add(server);
            ensureLagWriter();
        }
    }

    /** Removes the delay of {@link #createLag}; the replica catches up at once. */
    public void clearLag(MariaDbServer server) {
        own(server);
        lagging.remove(server);
        setDelay(server, 0);
    }

    private void setDelay(MariaDbServer server, long seconds) {
        boolean wasRunning = server.replicaStatus().map(ReplicaStatus::replicating).orElse(false);
        server.execute("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY=" + seconds);
        if (wasRunning) {
            server.execute("START SLAVE");
        }
    }

    private synchronized void ensureLagWriter() {
        if (lagWriter != null || state == State.CLOSED) {
            return;
        }
        lagWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-lag-writer-" + schema);
            t.setDaemon(true);
            return t;
        });
        lagWriter.scheduleWithFixedDelay(() -> {
            if (!lagging.isEmpty()) {
                try {
                    writeHeartbeat();
                } catch (RuntimeException e) {
                    // The primary may be down or changing: the next tick tries again.
                    log.debug("schema {}: heartbeat write failed: {}", schema, e.getMessage());
                }
            }
        }, 0, LAG_WRITE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes one heartbeat row on the current primary (a fresh replicated event). */
    public void writeHeartbeat() {
        topology.lock();
        try {
            primary.execute("INSERT INTO " + SANDBOX_DATABASE + ".heartbeat (id, ts, server_id) VALUES (1, NOW(6), @@server_id) "
                    + "ON DUPLICATE KEY UPDATE ts = NOW(6), server_id = @@server_id");
        } finally {
            topology.unlock();
        }
    }

    /** {@code SET GLOBAL read_only}. */
    public void setReadOnly(MariaDbServer server, boolean readOnly) {
        own(server).execute("SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
    }

    /** {@code SHOW SLAVE STATUS} of one server; empty when it replicates from nobody. */
    public Optional<ReplicaStatus> replicaStatus(MariaDbServer server) {
        return own(server).replicaStatus();
    }

    /**
     * Points a running server at the current primary ({@code MASTER_USE_GTID=slave_pos} from its
     * own current position): for a server that was down during a promotion, or an old primary
     * brought back. Replication is started unless its threads were stopped on purpose.
     */
    public void repoint(MariaDbServer server) {
        own(server);
        if (server == primary) {
            throw new IllegalArgumentException(server.name() + " is the primary of " + schema);
        }
        boolean wasRunning = server.replicaStatus().map(s -> !"No".equals(s.ioRunning()) || !"No".equals(s.sqlRunning())).orElse(true);
        server.execute("STOP SLAVE",
                // Its own writes (as an old primary) are in gtid_binlog_pos, not in gtid_slave_pos.
                "SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos",
                changeMaster(primary));
        if (wasRunning) {
            server.execute("START SLAVE");
        }
    }

    /**
     * Orchestrator-style promotion of {@code newPrimary}. If the old primary runs (a planned
     * takeover): it is set {@code read_only=1} and the new primary waits
     * ({@code MASTER_GTID_WAIT}) for all of its transactions. If it is down (a failover): the new
     * primary applies what it has received. Then the new primary stops replicating
     * ({@code RESET SLAVE ALL}) and becomes writable, and every other running server, the old
     * primary included, replicates from it. Listeners run afterwards.
     */
    public Promotion promote(MariaDbServer newPrimary) {
        own(newPrimary);
        if (!newPrimary.isRunning()) {
            throw new IllegalStateException("cannot promote " + newPrimary.name() + ": its mysqld is not running");
        }
        Promotion promotion;
        topology.lock();
        try {
            promotion = promoteLocked(newPrimary);
        } finally {
            topology.unlock();
        }
        log.info("schema {}: promoted {} (old primary {}, {}), repointed {}, not repointed {}, in {} ms", schema,
                promotion.newPrimary(), promotion.oldPrimary(), promotion.planned() ? "planned" : "failover",
                promotion.repointed(), promotion.notRepointed(), promotion.took().toMillis());
        for (Consumer<Promotion> listener : promotionListeners) {
            listener.accept(promotion);
        }
        return promotion;
    }

    private Promotion promoteLocked(MariaDbServer newPrimary) {
        MariaDbServer old = primary;
        if (newPrimary == old) {
            throw new IllegalArgumentException(newPrimary.name() + " is already the primary of " + schema);
        }
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        boolean planned = old.isRunning();
        if (planned) {
            old.execute("SET GLOBAL read_only = ON");
            GtidPosition target = old.gtidBinlogPos();
            if (!newPrimary.replicaStatus().map(ReplicaStatus::replicating).orElse(false)) {
                newPrimary.execute("START SLAVE");
            }
            if (newPrimary.replicaStatus().map(ReplicaStatus::sqlDelaySeconds).orElse(0L) > 0) {
                setDelay(newPrimary, 0);
                lagging.remove(newPrimary);
            }
            if (!target.isEmpty()) {
                String result = newPrimary.queryValue("SELECT MASTER_GTID_WAIT('" + target + "', " + CATCH_UP_TIMEOUT.toSeconds() + ")");
                if (!"0".equals(result)) {
                    old.execute("SET GLOBAL read_only = OFF");
                    throw new MariaDbException("promotion of " + newPrimary.name() + " aborted: it did not reach " + target
                            + " within " + CATCH_UP_TIMEOUT.toSeconds() + " s; " + old.name() + " is writable again");
                }
            }
        } else {
            awaitRelayLogApplied(newPrimary, CATCH_UP_TIMEOUT);
        }
        newPrimary.execute("STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF");
        GtidPosition promotedAt = newPrimary.gtidCurrentPos();
        primary = newPrimary;
        newPrimary.role(ServerRole.PRIMARY);
        old.role(ServerRole.REPLICA);
        lagging.remove(newPrimary);
        List<String> repointed = new ArrayList<>();
        List<String> notRepointed = new ArrayList<>();
        for (MariaDbServer s : servers) {
            if (s == newPrimary) {
                continue;
            }
            if (!s.isRunning()) {
                notRepointed.add(s.instance());
                continue;
            }
            GtidPosition theirs = s.gtidCurrentPos();
            if (!promotedAt.covers(theirs)) {
                log.warn("schema {}: {} is ahead of the new primary ({} vs {}): repointing will fail in gtid strict mode",
                        schema, s.name(), theirs, promotedAt);
            }
            repoint(s);
            repointed.add(s.instance());
        }
        return new Promotion(schema, old.instance(), newPrimary.instance(), planned, repointed, notRepointed, startedAt,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Waits until a replica has executed every transaction its IO thread received. */
    private void awaitRelayLogApplied(MariaDbServer replica, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ReplicaStatus> status = replica.replicaStatus();
            if (status.isEmpty()) {
                return;
            }
            if (status.get().sqlDelaySeconds() > 0) {
                setDelay(replica, 0);
            }
            if (!"Yes".equals(status.get().sqlRunning())) {
                replica.execute("START SLAVE SQL_THREAD");
            }
            if (replica.gtidSlavePos().covers(status.get().gtidIoPos())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new MariaDbException(replica.name() + " did not apply its relay log within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MariaDbException("interrupted while waiting for " + replica.name(), e);
            }
        }
    }

    /** Stops the lag writer and every mysqld of this cluster (in parallel). Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService writer;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            writer = lagWriter;
            lagWriter = null;
        }
        if (writer != null) {
            writer.shutdownNow();
        }
        Parallel.forEach(servers, MariaDbServer::stop);
    }

    private MariaDbServer own(MariaDbServer server) {
        Objects.requireNonNull(server, "server");
        if (!servers.contains(server)) {
            throw new IllegalArgumentException(server.name() + " is not a server of schema " + schema);
        }
        return server;
    }

    /** Roles by instance, for printing. */
    public Map<String, ServerRole> roles() {
        Map<String, ServerRole> roles = new java.util.LinkedHashMap<>();
        servers.forEach(s -> roles.put(s.instance(), s.role()));
        return roles;
    }

    @Override
    public String toString() {
        return "schema " + schema + " " + roles();
    }
}
