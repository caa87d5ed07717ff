package org.mysqldiscovery.health.registry;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code quarantine/<self>}: an exists-watch (fires on create, delete and data change) re-armed at every
 * read, and a full re-read on every (re)connection. Until the first read succeeds the view is {@link
 * QuarantineView.Unknown}, which keeps the instance unregistered. A garbage payload is still a quarantine.
 */
public final class QuarantineWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineWatch.class);

    private final WatcherRemoveCuratorFramework client;
    private final String path;
    private final Runnable onChange;
    private final Lifecycle state = new Lifecycle("quarantine watch");
    private final AtomicLong generation = new AtomicLong();
    private final CuratorWatcher watcher = this::process;
    private volatile QuarantineView view;

    public QuarantineWatch(CuratorFramework client, String path, Runnable onChange) {
        this.client = client.newWatcherRemoveCuratorFramework();
        this.path = path;
        this.onChange = onChange;
        this.view = new QuarantineView.Unknown("not read yet: ZooKeeper not connected since start");
    }

    public void start() {
        state.start();
        refresh();
    }

    public QuarantineView view() {
        return view;
    }

    /** Feed of connection states (from {@link ZkConnection}): every (re)connection re-reads. */
    public void onConnectionState(ConnectionState newState) {
        if (newState == ConnectionState.CONNECTED || newState == ConnectionState.RECONNECTED) {
            refresh();
        }
    }

    private void process(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            refresh();
        }
    }

    private void refresh() {
        if (!state.started()) {
            return;
        }
        long gen = generation.incrementAndGet();
        try {
            client.checkExists().usingWatcher(watcher).inBackground((c, event) -> onExists(gen, event))
                    .forPath(path);
        } catch (Exception e) {
            // Background calls only throw for programming errors; the next reconnection retries anyway.
            LOG.error("cannot read {}", path, e);
        }
    }

    private void onExists(long gen, CuratorEvent event) {
        if (gen != generation.get() || !state.started()) {
            return;
        }
        int rc = event.getResultCode();
        if (rc == KeeperException.Code.NONODE.intValue()) {
            publish(new QuarantineView.Clear(path));
        } else if (rc == KeeperException.Code.OK.intValue()) {
            try {
                client.getData().inBackground((c, data) -> onData(gen, data)).forPath(path);
            } catch (Exception e) {
                LOG.error("cannot read {}", path, e);
            }
        } else {
            LOG.debug("reading {} failed: {}; retried on reconnection", path, KeeperException.Code.get(rc));
        }
    }

    private void onData(long gen, CuratorEvent event) {
        if (gen != generation.get() || !state.started()) {
            return;
        }
        int rc = event.getResultCode();
        if (rc == KeeperException.Code.NONODE.intValue()) {
            publish(new QuarantineView.Clear(path));
        } else if (rc == KeeperException.Code.OK.intValue()) {
            try {
                QuarantineRecord record = PayloadCodec.decodeQuarantine(event.getData(), path);
                publish(new QuarantineView.Quarantined(path, record, record.reason() + " (by " + record.createdBy()
                        + " at " + record.createdAt() + ")"));
            } catch (MalformedPayloadException e) {
                publish(new QuarantineView.Quarantined(path, null, "payload unreadable: " + e.getMessage()));
            }
        }
    }

    private void publish(QuarantineView next) {
        QuarantineView previous = view;
        view = next;
        if (!next.equals(previous)) {
            if (next.quarantined()) {
                LOG.warn("QUARANTINED: {}", next.gate().message());
            } else if (previous.quarantined()) {
                LOG.info("quarantine cleared: {}", path);
            }
            onChange.run();
        }
    }

    @Override
    public void close() {
        if (state.closeStarted()) {
            client.removeWatchers();
        }
    }
}
