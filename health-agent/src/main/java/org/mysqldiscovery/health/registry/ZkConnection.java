package org.mysqldiscovery.health.registry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper connection state as an input: {@code /health}, the metrics and the registrar read it. Register it on
 * the client before {@code start()} so that the first CONNECTED is seen.
 */
public final class ZkConnection implements ConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZkConnection.class);

    private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong losses = new AtomicLong();
    private volatile ConnectionState state;
    private volatile Instant since = Instant.now();

    /** Adds a listener called (on Curator's state thread) after every state change. */
    public void addListener(Consumer<ConnectionState> listener) {
        listeners.add(listener);
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        state = newState;
        since = Instant.now();
        if (newState == ConnectionState.LOST) {
            losses.incrementAndGet();
        }
        if (newState.isConnected()) {
            LOG.info("ZooKeeper {}", newState);
        } else {
            LOG.warn("ZooKeeper {}", newState);
        }
        for (Consumer<ConnectionState> listener : listeners) {
            listener.accept(newState);
        }
    }

    /** Connected read-write: a registration can exist. */
    public boolean connected() {
        ConnectionState current = state;
        return current == ConnectionState.CONNECTED || current == ConnectionState.RECONNECTED;
    }

    /** The state's name, {@code NOT_CONNECTED} before the first connection. */
    public String stateName() {
        ConnectionState current = state;
        return current == null ? "NOT_CONNECTED" : current.name();
    }

    /** A number for the metric: 0 never connected, 1 connected, 2 suspended, 3 reconnected, 4 lost, 5 read-only. */
    public int stateCode() {
        ConnectionState current = state;
        if (current == null) {
            return 0;
        }
        return switch (current) {
            case CONNECTED -> 1;
            case SUSPENDED -> 2;
            case RECONNECTED -> 3;
            case LOST -> 4;
            case READ_ONLY -> 5;
        };
    }

    public Instant since() {
        return since;
    }

    public long losses() {
        return losses.get();
    }
}
