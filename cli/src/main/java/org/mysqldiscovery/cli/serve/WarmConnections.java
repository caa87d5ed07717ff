package org.mysqldiscovery.cli.serve;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.mysqldiscovery.cli.precheck.JdbcProber;
import org.mysqldiscovery.cli.precheck.MysqlConnector;
import org.mysqldiscovery.common.model.Instance;

/**
 * Keeps the connections of finished probes for the next precheck of the same servers: a failover's checks (and
 * Orchestrator's duplicate recoveries) then skip the TCP and authentication round trips. A kept connection is pinged
 * before use ({@code isValid}, 1 s at most) and dropped when it fails or has been idle longer than
 * {@code maxIdleMillis}; then a new one is opened within the probe's own bounds.
 */
final class WarmConnections implements JdbcProber.Connections, AutoCloseable {
    /** Idle connections kept per server: probes of one server run one at a time per precheck. */
    static final int MAX_IDLE_PER_SERVER = 2;
    /** Runs the driver's network-timeout callback in the caller's thread. */
    private static final Executor DIRECT = Runnable::run;

    private record Idle(Connection connection, long since) {
    }

    private final MysqlConnector connector;
    private final long maxIdleNanos;
    private final Map<Instance, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;
    private long reused;
    private long opened;

    WarmConnections(MysqlConnector connector, long maxIdleMillis) {
        this.connector = connector;
        this.maxIdleNanos = maxIdleMillis * 1_000_000L;
    }

    @Override
    public Connection open(Instance instance, int connectTimeoutMillis, int socketTimeoutMillis)
            throws MysqlConnector.ConnectFailure {
        Idle kept;
        while ((kept = take(instance)) != null) {
            Connection connection = kept.connection();
            try {
                if (System.nanoTime() - kept.since() < maxIdleNanos && connection.isValid(1)) {
                    connection.setNetworkTimeout(DIRECT, Math.max(1, socketTimeoutMillis));
                    synchronized (this) {
                        reused++;
                    }
                    return connection;
                }
            } catch (SQLException e) {
                // A broken kept connection is no finding: the server is probed on a new one below.
                MysqlConnector.closeQuietly(connection);
                continue;
            }
            MysqlConnector.closeQuietly(connection);
        }
        Connection fresh = connector.open(instance, connectTimeoutMillis, socketTimeoutMillis);
        synchronized (this) {
            opened++;
        }
        return fresh;
    }

    @Override
    public void release(Instance instance, Connection connection, boolean healthy) {
        release(instance, connection, healthy, System.nanoTime());
    }

    private void release(Instance instance, Connection connection, boolean healthy, long since) {
        synchronized (this) {
            if (healthy && !closed) {
                Deque<Idle> queue = idle.computeIfAbsent(instance, k -> new ArrayDeque<>());
                if (queue.size() < MAX_IDLE_PER_SERVER) {
                    queue.addLast(new Idle(connection, since));
                    return;
                }
            }
        }
        MysqlConnector.closeQuietly(connection);
    }

    private synchronized Idle take(Instance instance) {
        Deque<Idle> queue = idle.get(instance);
        Idle kept = queue == null ? null : queue.pollLast();
        if (queue != null && queue.isEmpty()) {
            idle.remove(instance);
        }
        return kept;
    }

    /**
     * Keeps the idle connections warm: pings each (a ping is activity, so the server's {@code wait_timeout} does not
     * end it) and drops those that fail or have been kept longer than {@code maxIdleMillis}. Runs on the service's
     * keep-alive thread, never on a probe's path.
     */
    void refresh() {
        Map<Instance, Deque<Idle>> kept;
        synchronized (this) {
            if (closed) {
                return;
            }
            kept = new HashMap<>(idle);
            idle.clear();
        }
        long now = System.nanoTime();
        kept.forEach((instance, queue) -> {
            for (Idle connection : queue) {
                boolean alive;
                try {
                    alive = now - connection.since() < maxIdleNanos && connection.connection().isValid(1);
                } catch (SQLException e) {
                    alive = false;
                }
                if (alive) {
                    // Still the idle time of its last probe: maxIdleMillis bounds how long it is kept at all.
                    release(instance, connection.connection(), true, connection.since());
                } else {
                    MysqlConnector.closeQuietly(connection.connection());
                }
            }
        });
    }

    /** Idle connections kept now. */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Connections reused so far. */
    synchronized long reused() {
        return reused;
    }

    /** Connections opened so far. */
    synchronized long opened() {
        return opened;
    }

    @Override
    public void close() {
        Map<Instance, Deque<Idle>> toClose;
        synchronized (this) {
            closed = true;
            toClose = new HashMap<>(idle);
            idle.clear();
        }
        toClose.values().forEach(queue -> queue.forEach(i -> MysqlConnector.closeQuietly(i.connection())));
    }
}
