package org.mysqldiscovery.sandbox.scenario;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer that inserts a row every few milliseconds and routes each write as ProxySQL would: to the server in the
 * writer hostgroup of the runtime, holding the write while the hostgroup is empty (up to ProxySQL's
 * {@code mysql-connect_timeout_server_max}, 10 s), failing it when the backend answers with an error. With a real
 * ProxySQL the router simply hands out a connection to ProxySQL's MySQL port.
 */
public final class WriterClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterClient.class);
    public static final Duration HOLD_LIMIT = Duration.ofSeconds(10);

    /** Where a write goes. */
    public interface Router {
        /** The instance ProxySQL would send a write to now; empty while the writer hostgroup is empty. */
        Optional<String> writer();

        /** A fresh connection to that instance (or to ProxySQL). */
        Connection connect(String instance) throws SQLException;

        /** False: a new connection for every write (through a real ProxySQL, so sessions are never pinned). */
        default boolean keepsConnections() {
            return true;
        }

        /**
         * Routes one write and holds its place in ProxySQL's connection pool until {@link Route#finish()}: the
         * stand-in's pool counts it in {@code ConnUsed} and says whether ProxySQL lost its answer. Default: the
         * {@link #writer()}, whose answers are never lost (a real ProxySQL re-sends by itself, unseen).
         */
        default Optional<Route> route() {
            return writer().map(instance -> new Route(instance, () -> false));
        }
    }

    /**
     * One write's place in ProxySQL's pool.
     *
     * @param instance where the write goes
     * @param finish   called once the server answered; true when ProxySQL lost that answer (the server left the
     *                 writer hostgroup mid-query) and re-sends the write to the next writer
     */
    public record Route(String instance, java.util.function.BooleanSupplier finish) {
    }

    private final Router router;
    private final String table;
    private final Duration interval;
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong reExecuted = new AtomicLong();
    private final AtomicLong nextId;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxStallNanos;
    private volatile long lastAckNanos;

    /**
     * @param table  a table {@code (id BIGINT PRIMARY KEY, written_at TIMESTAMP(6))} that exists on every server
     * @param firstId ids start here (distinct per run, so runs never collide)
     */
    public WriterClient(Router router, String table, Duration interval, long firstId) {
        this.router = router;
        this.table = table;
        this.interval = interval;
        this.nextId = new AtomicLong(firstId);
        this.thread = new Thread(this::run, "writer");
        this.thread.setDaemon(true);
    }

    public WriterClient start() {
        thread.start();
        return this;
    }

    private void run() {
        Map<String, Connection> connections = new HashMap<>();
        while (running) {
            long id = nextId.getAndIncrement();
            Optional<Route> route = hold();
            if (route.isEmpty()) {
                if (running) {
                    fail("writer hostgroup empty for " + HOLD_LIMIT.toSeconds() + " s");
                }
                continue;
            }
            String instance = route.get().instance();
            SQLException error = insert(connections, instance, id);
            if (route.get().finish().getAsBoolean()) {
                // ProxySQL lost the answer when the server left the writer hostgroup mid-write, and re-sends the
                // statement to the next writer (mysql-query_retries_on_failure = 1). The first execution may have
                // committed: the client sees the second one's answer, and the write ran twice at best.
                reExecuted.incrementAndGet();
                Optional<Route> next = hold();
                String outcome;
                if (next.isEmpty()) {
                    outcome = "no writer within " + HOLD_LIMIT.toSeconds() + " s";
                } else {
                    SQLException again = insert(connections, next.get().instance(), id);
                    next.get().finish().getAsBoolean(); // one retry only: a second loss is the same failure
                    outcome = again == null ? "executed twice" : again.getErrorCode() + " " + again.getMessage();
                }
                fail("re-executed: " + instance + " left the writer hostgroup mid-write (" + (error == null
                        ? "committed there" : "failed there") + "), re-sent: " + outcome);
            } else if (error != null) {
                fail(instance + ": " + error.getErrorCode() + " " + error.getMessage());
            } else {
                acknowledged.put(id, instance);
                long now = System.nanoTime();
                if (lastAckNanos != 0) {
                    maxStallNanos = Math.max(maxStallNanos, now - lastAckNanos);
                }
                lastAckNanos = now;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
        connections.values().forEach(WriterClient::closeQuietly);
    }

    /** Waits while the writer hostgroup has no ONLINE server, as ProxySQL holds a query, at most the hold limit. */
    private Optional<Route> hold() {
        long holdStart = System.nanoTime();
        Optional<Route> route = router.route();
        while (route.isEmpty() && running && System.nanoTime() - holdStart < HOLD_LIMIT.toNanos()) {
            LockSupport.parkNanos(200_000);
            route = router.route();
        }
        return route;
    }

    /** One INSERT on {@code instance}; null when it succeeded. */
    private SQLException insert(Map<String, Connection> connections, String instance, long id) {
        try {
            Connection connection = connections.get(instance);
            if (connection == null) {
                connection = router.connect(instance);
                connections.put(instance, connection);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (id, written_at) VALUES (?, NOW(6))")) {
                insert.setLong(1, id);
                insert.executeUpdate();
            }
            if (!router.keepsConnections()) {
                closeQuietly(connections.remove(instance));
            }
            return null;
        } catch (SQLException e) {
            closeQuietly(connections.remove(instance));
            return e;
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        String key = why.length() > 120 ? why.substring(0, 120) : why;
        failures.merge(key, 1L, Long::sum);
        LOG.debug("write failed: {}", why);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a backend connection: {}", e.getMessage());
            }
        }
    }

    /** Stops writing and waits for the in-flight write. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(HOLD_LIMIT.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long acknowledgedCount() {
        return acknowledged.size();
    }

    public long failedCount() {
        return failed.get();
    }

    /** Writes ProxySQL re-sent to the next writer after losing their answer (each also counts as failed). */
    public long reExecutedCount() {
        return reExecuted.get();
    }

    public Map<String, Long> failureReasons() {
        return Map.copyOf(failures);
    }

    /** When the last write was acknowledged ({@link System#nanoTime()}), 0 before the first. */
    public long lastAcknowledgedNanos() {
        return lastAckNanos;
    }

    public long maxStallMillis() {
        return Duration.ofNanos(maxStallNanos).toMillis();
    }

    /** Acknowledged ids missing from {@code present} (the ids found on the final primary). */
    public List<Long> lost(Set<Long> present) {
        return acknowledged.keySet().stream().filter(id -> !present.contains(id)).sorted().toList();
    }

    public Set<Long> acknowledgedIds() {
        return Set.copyOf(acknowledged.keySet());
    }
}
