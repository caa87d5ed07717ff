package org.mysqldiscovery.sync.status;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync's ephemeral status node {@code sync/<proxysql-host>:<admin-port>}, kept present through session loss by
 * Curator's {@link PersistentNode}. Publishing is asynchronous and skipped when the content did not change.
 */
public final class StatusNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusNode.class);

    private final String path;
    private final PersistentNode node;
    private final AtomicReference<byte[]> latest;
    private final Lifecycle state = new Lifecycle("status node");
    private volatile boolean retry;

    public StatusNode(CuratorFramework client, String path, SyncStatus initial) {
        this.path = Objects.requireNonNull(path, "path");
        byte[] bytes = PayloadCodec.encode(initial);
        this.latest = new AtomicReference<>(bytes);
        this.node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, bytes);
    }

    public void start() {
        if (state.tryStart()) {
            node.start();
        }
    }

    /** Waits (bounded) for the first creation; false when ZooKeeper did not take it in time. */
    public boolean awaitCreated(Duration timeout) throws InterruptedException {
        return node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String path() {
        return path;
    }

    /** The content last published: the zxid barrier rewrites it unchanged. */
    public byte[] currentBytes() {
        return latest.get();
    }

    /** Publishes {@code status} if it differs from the last one; never blocks on ZooKeeper. */
    public void publish(SyncStatus status) {
        byte[] bytes = PayloadCodec.encode(status);
        if (!state.started() || (Arrays.equals(bytes, latest.get()) && !retry)) {
            return;
        }
        latest.set(bytes);
        try {
            node.setData(bytes);
            retry = false;
        } catch (IllegalStateException e) {
            // Not created yet (ZooKeeper unreachable since start): the next publish tries again.
            LOG.debug("status node {} not created yet: {}", path, e.getMessage());
            retry = true;
        } catch (Exception e) {
            LOG.warn("cannot publish status to {}: {}", path, e.toString());
            retry = true;
        }
    }

    @Override
    public void close() {
        if (!state.closeStarted()) {
            return;
        }
        try {
            node.close(); // deletes the node: readers stop waiting for this sync at once
        } catch (IOException e) {
            LOG.warn("closing status node {}: {}", path, e.toString());
        }
    }
}
