package org.mysqldiscovery.sandbox.scenario;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what a ProxySQL admin (real or the stand-in) has in {@code runtime_mysql_servers}, polling every
 * millisecond on one connection, and keeps the history of every change with its time. "Routed" in the scenarios
 * means: the runtime lists the new primary in the writer hostgroup and not the old one.
 */
public final class RouteMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMonitor.class);

    /** The ONLINE servers of every hostgroup at one moment. */
    public record Snapshot(Instant at, Map<Integer, Set<String>> online) {
        public Set<String> hostgroup(int id) {
            return online.getOrDefault(id, Set.of());
        }
    }

    private final String jdbcUrl;
    private final Duration pollInterval;
    private final List<Snapshot> history = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Snapshot latest = new Snapshot(Instant.EPOCH, Map.of());
    private volatile boolean running = true;
    private volatile boolean reachable;

    public RouteMonitor(String adminJdbcUrl, Duration pollInterval) {
        this.jdbcUrl = adminJdbcUrl;
        this.pollInterval = pollInterval;
        this.thread = new Thread(this::run, "route-monitor");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(jdbcUrl);
                }
                Map<Integer, Set<String>> online = read(connection);
                reachable = true;
                if (!online.equals(latest.online())) {
                    Snapshot snapshot = new Snapshot(Instant.now(), online);
                    latest = snapshot;
                    history.add(snapshot);
                }
            } catch (SQLException e) {
                reachable = false;
                close(connection);
                connection = null;
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
        close(connection);
    }

    private static Map<Integer, Set<String>> read(Connection connection) throws SQLException {
        Map<Integer, Set<String>> online = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT hostgroup_id, hostname, port, status FROM runtime_mysql_servers")) {
            while (rows.next()) {
                if ("ONLINE".equals(rows.getString(4))) {
                    String host = rows.getString(2);
                    String instance = host.contains(":") ? "[" + host + "]:" + rows.getInt(3) : host + ":" + rows.getInt(3);
                    online.computeIfAbsent(rows.getInt(1), k -> new TreeSet<>()).add(instance);
                }
            }
        }
        online.replaceAll((k, v) -> Set.copyOf(v));
        return Map.copyOf(online);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the admin connection: {}", e.getMessage());
            }
        }
    }

    public Snapshot latest() {
        return latest;
    }

    public boolean reachable() {
        return reachable;
    }

    public List<Snapshot> history() {
        return List.copyOf(history);
    }

    /** The first moment at or after {@code since} when the hostgroup was exactly {@code expected}; empty if not yet. */
    public Optional<Instant> firstExactly(int hostgroup, Set<String> expected, Instant since) {
        Snapshot before = null;
        for (Snapshot snapshot : history) {
            if (snapshot.at().isBefore(since)) {
                before = snapshot;
                continue;
            }
            if (before != null && before.hostgroup(hostgroup).equals(expected)) {
                return Optional.of(since);
            }
            before = null;
            if (snapshot.hostgroup(hostgroup).equals(expected)) {
                return Optional.of(snapshot.at());
            }
        }
        if (before != null && before.hostgroup(hostgroup).equals(expected)) {
            return Optional.of(since);
        }
        return Optional.empty();
    }

    /** Every moment at or after {@code since} when {@code instance} was ONLINE in the hostgroup. */
    public List<Instant> timesListed(int hostgroup, String instance, Instant since) {
        List<Instant> times = new ArrayList<>();
        Snapshot before = null;
        for (Snapshot snapshot : history) {
            if (snapshot.at().isBefore(since)) {
                before = snapshot;
                continue;
            }
            if (before != null) {
                if (before.hostgroup(hostgroup).contains(instance)) {
                    times.add(since);
                }
                before = null;
            }
            if (snapshot.hostgroup(hostgroup).contains(instance)) {
                times.add(snapshot.at());
            }
        }
        if (before != null && before.hostgroup(hostgroup).contains(instance)) {
            times.add(since);
        }
        return times;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
