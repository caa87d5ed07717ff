package org.mysqldiscovery.sandbox.zookeeper;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run the sandbox's ZooKeeper.
 *
 * @param nodes          1 (standalone) or an odd ensemble size up to 7
 * @param tickTimeMillis ZooKeeper's tick; the minimum session timeout is two ticks, so a small
 *                       tick (default 200 ms) makes session-expiry tests fast
 * @param heapMb         -Xmx of each server JVM
 * @param startTimeout   how long start-up may take before it fails with the servers' logs
 * @param serverLogLevel the servers' log level (ERROR, WARN, INFO or DEBUG; default INFO): a benchmark whose thousands
 *                       of clients share the servers' cores may want the servers to log less (at INFO a ZooKeeper
 *                       server writes a line or two per connection and session)
 */
public record ZooKeeperSettings(int nodes, int tickTimeMillis, int heapMb, Duration startTimeout,
        String serverLogLevel) {

    private static final java.util.Set<String> LOG_LEVELS = java.util.Set.of("ERROR", "WARN", "INFO", "DEBUG");

    public static final int DEFAULT_TICK_MILLIS = 200;

    public ZooKeeperSettings {
        if (nodes < 1 || nodes > 7 || nodes % 2 == 0) {
            throw new IllegalArgumentException("zookeeper nodes must be 1, 3, 5 or 7, not " + nodes);
        }
        if (tickTimeMillis < 10 || tickTimeMillis > 10_000) {
            throw new IllegalArgumentException("zookeeper tickTimeMillis must be in 10..10000, not " + tickTimeMillis);
        }
        if (heapMb < 16 || heapMb > 4096) {
            throw new IllegalArgumentException("zookeeper heapMb must be in 16..4096, not " + heapMb);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("zookeeper startTimeout must be positive, not " + startTimeout);
        }
        Objects.requireNonNull(serverLogLevel, "serverLogLevel");
        if (!LOG_LEVELS.contains(serverLogLevel)) {
            throw new IllegalArgumentException("zookeeper serverLogLevel must be one of " + new java.util.TreeSet<>(
                    LOG_LEVELS) + ", not " + serverLogLevel);
        }
    }

    /** Servers logging at INFO. */
    public ZooKeeperSettings(int nodes, int tickTimeMillis, int heapMb, Duration startTimeout) {
        this(nodes, tickTimeMillis, heapMb, startTimeout, "INFO");
    }

    public static ZooKeeperSettings of(int nodes) {
        return new ZooKeeperSettings(nodes, DEFAULT_TICK_MILLIS, 64, Duration.ofSeconds(30));
    }

    public ZooKeeperSettings withTickTimeMillis(int tick) {
        return new ZooKeeperSettings(nodes, tick, heapMb, startTimeout, serverLogLevel);
    }

    public ZooKeeperSettings withServerLogLevel(String level) {
        return new ZooKeeperSettings(nodes, tickTimeMillis, heapMb, startTimeout, level);
    }

    /** The smallest session timeout the servers grant (ZooKeeper's rule: two ticks). */
    public int minSessionTimeoutMillis() {
        return 2 * tickTimeMillis;
    }
}
