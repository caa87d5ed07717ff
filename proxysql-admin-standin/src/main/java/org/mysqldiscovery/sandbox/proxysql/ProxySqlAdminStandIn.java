package org.mysqldiscovery.sandbox.proxysql;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A STAND-IN for the admin interface of ProxySQL 2.7 (port 6032), for tests and the sandbox only - never for
 * production, where the real ProxySQL is the only admin there is. ProxySQL cannot be installed on the development
 * machines; this speaks the MySQL protocol well enough for MariaDB Connector/J, MySQL Connector/J (with
 * {@link ProxySqlServerConfigCache}) and the {@code mariadb} command-line client, keeps {@code mysql_servers} and
 * friends in SQLite as the real admin does, and reproduces the behaviours measured on a real ProxySQL 2.7.1 that a
 * client can trip on (see {@link AdminCommandRouter} for what it leaves out).
 *
 * <p>Lifecycle: {@link #start()} listens (on a free port when the config says 0) and loads the disk copy into
 * memory and runtime, as a ProxySQL start does; {@link #stop()} drops every connection and forgets memory and
 * runtime, keeping the port and the disk copy, so that {@code stop(); start();} - or {@link #restart()} - looks to
 * clients like an admin outage and a ProxySQL restart; {@link #close()} is final and idempotent. One thread per
 * connection; a connection that misbehaves is closed alone.
 */
public final class ProxySqlAdminStandIn implements AutoCloseable {
    /** LATENT until first started; STARTED and STOPPED alternate; CLOSED is final. */
    public enum State {
        LATENT,
        STARTED,
        STOPPED,
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProxySqlAdminStandIn.class);
    private static final int ER_CON_COUNT_ERROR = 1040;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final StandInConfig config;
    private final Clock clock;
    private final StatementLog statements = new StatementLog();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    private State state = State.LATENT;
    private int boundPort = -1;
    private ServerSocket listener;
    private Thread acceptor;
    private ExecutorService sessionThreads;
    private AdminStore store;
    /** Lives across restarts, like the clients of ProxySQL's MySQL side do (a restart rebuilds its runtime). */
    private final ConnectionPool connectionPool = new ConnectionPool();

    public ProxySqlAdminStandIn(StandInConfig config) {
        this(config, Clock.systemUTC());
    }

    ProxySqlAdminStandIn(StandInConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * Opens the store from the disk copy and starts listening; on a restart, on the port used before.
     *
     * @throws IOException           the port is taken, or the data directory cannot be used
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void start() throws IOException {
        if (state == State.STARTED) {
            return;
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("the ProxySQL admin stand-in is closed");
        }
        int port = boundPort >= 0 ? boundPort : config.port();
        AdminStore newStore = AdminStore.open(config.dataDir(), config.user(), config.password(), clock,
                connectionPool);
        ServerSocket socket = new ServerSocket();
        try {
            // A restart binds the port its previous run used while that run's connections sit in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), port), 128);
        } catch (IOException e) {
            closeQuietly(socket);
            newStore.close();
            throw new IOException("ProxySQL admin stand-in cannot listen on " + config.bindAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
        store = newStore;
        listener = socket;
        boundPort = socket.getLocalPort();
        sessionThreads = Executors.newCachedThreadPool(daemonThreads("proxysql-stand-in-" + boundPort + "-conn-"));
        AdminCommandRouter router = new AdminCommandRouter(newStore);
        ExecutorService threads = sessionThreads;
        acceptor = new Thread(() -> acceptLoop(socket, newStore, router, threads),
                "proxysql-stand-in-" + boundPort + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        state = State.STARTED;
        LOG.warn("ProxySQL admin STAND-IN listening on {}:{} (tests and sandbox only, never production); disk copy {}",
                config.bindAddress(), boundPort, config.dataDir().resolve(AdminStore.DISK_FILE_NAME));
    }

    /** Stops listening and drops every connection; keeps the port and the disk copy for a later {@link #start()}. */
    public synchronized void stop() {
        if (state != State.STARTED) {
            return;
        }
        state = State.STOPPED;
        closeQuietly(listener);
        join(acceptor);
        for (ClientSession session : sessions) {
            session.disconnect();
        }
        sessionThreads.shutdownNow();
        try {
            if (!sessionThreads.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("ProxySQL admin stand-in on port {}: connection threads still running after {} ms",
                        boundPort, STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("ProxySQL admin stand-in on port {} stopped", boundPort);
    }

    /**
     * The model of ProxySQL's backend connection pool: routing by the runtime, in-flight queries
     * ({@code stats_mysql_connection_pool.ConnUsed}) and the answers a removal loses. A test-only channel for a
     * client that routes as ProxySQL would; see {@link ConnectionPool}.
     */
    public ConnectionPool connectionPool() {
        return connectionPool;
    }

    /** {@link #stop()} then {@link #start()} on the same port: memory and runtime are rebuilt from the disk copy. */
    public synchronized void restart() throws IOException {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        stop();
        state = State.CLOSED;
    }

    public synchronized State state() {
        return state;
    }

    /** The port listened on (or last listened on, when stopped). */
    public synchronized int port() {
        if (boundPort < 0) {
            throw new IllegalStateException("the ProxySQL admin stand-in has not been started");
        }
        return boundPort;
    }

    public String host() {
        return config.bindAddress();
    }

    public StandInConfig config() {
        return config;
    }

    /** {@code jdbc:mariadb://host:port/}: MariaDB Connector/J needs nothing more to talk to the admin. */
    public String mariadbJdbcUrl() {
        return "jdbc:mariadb://" + host() + ":" + port() + "/";
    }

    /** Every statement received so far (COM_QUERY and COM_STMT_PREPARE texts), in arrival order, across restarts. */
    public List<String> statements() {
        return statements.snapshot();
    }

    public void clearStatements() {
        statements.clear();
    }

    /** Connections currently open. */
    public int openConnections() {
        return sessions.size();
    }

    private void acceptLoop(ServerSocket socket, AdminStore runStore, AdminCommandRouter router,
                            ExecutorService threads) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("ProxySQL admin stand-in: accept failed: {}", e.getMessage());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            admit(client, runStore, router, threads);
        }
    }

    private void admit(Socket client, AdminStore runStore, AdminCommandRouter router, ExecutorService threads) {
        if (sessions.size() >= config.maxConnections()) {
            refuse(client, config.maxConnections());
            return;
        }
        try {
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        ClientSession session = new ClientSession(client, connectionIds.incrementAndGet(), config, runStore, router,
                statements, sessions::remove);
        sessions.add(session);
        try {
            threads.execute(session);
        } catch (RejectedExecutionException e) {
            // Stopping: the executor is gone and so is this connection.
            sessions.remove(session);
            session.disconnect();
        }
    }

    private static void refuse(Socket client, int open) {
        try (client) {
            PacketChannel channel = new PacketChannel(client.getInputStream(),
                    new BufferedOutputStream(client.getOutputStream()), 1024);
            channel.startCommand();
            channel.write(ServerPackets.error(ER_CON_COUNT_ERROR, "08004", "Too many connections"));
            channel.flush();
        } catch (IOException e) {
            LOG.debug("ProxySQL admin stand-in: refusing a connection: {}", e.getMessage());
        }
        LOG.warn("ProxySQL admin stand-in: refused a connection, {} are open already", open);
    }

    private static void pauseAfterAcceptFailure() {
        // Out of file descriptors, typically: do not spin.
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("ProxySQL admin stand-in: closing {}: {}", closeable, e.getMessage());
        }
    }
}
