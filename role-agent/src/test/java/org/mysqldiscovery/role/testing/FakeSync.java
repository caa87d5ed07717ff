package org.mysqldiscovery.role.testing;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * A stand-in for one proxysql-sync, as far as a drain can see it: its own ZooKeeper session, an ephemeral
 * {@code sync/<name>} status node, and an {@code appliedZxid} that follows the primary registrations of one schema
 * (the pzxid of their parent, after an optional apply delay). It can be frozen (stops updating, node stays: a stuck
 * sync) or blind.
 */
public final class FakeSync implements AutoCloseable {
    private final CuratorFramework client;
    private final ZkLayout layout;
    private final String rolePath;
    private final String node;
    private final String name;
    private final long applyDelayMillis;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-sync");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong applied = new AtomicLong(-1);
    private volatile boolean frozen;
    private volatile boolean blind;
    private final CuratorWatcher watcher;

    public FakeSync(String connectString, ZkLayout layout, SchemaName schema, String name, long applyDelayMillis)
            throws Exception {
        this.layout = layout;
        this.name = name;
        this.rolePath = layout.rolePath(schema, Role.PRIMARY);
        this.node = layout.syncPath(Instance.parse(name));
        this.applyDelayMillis = applyDelayMillis;
        this.client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(50));
        this.watcher = event -> {
            try {
                executor.execute(this::refresh);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed: nothing to follow any more
            }
        };
        client.start();
        client.blockUntilConnected();
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(node, payload(-1));
        executor.execute(this::refresh);
    }

    /** Stops applying: the node stays with its last appliedZxid. */
    public void freeze() {
        frozen = true;
    }

    public void blind(boolean value) {
        blind = value;
        executor.execute(this::publishQuietly);
    }

    public long appliedZxid() {
        return applied.get();
    }

    /** What the node says right now, read back from ZooKeeper. */
    public SyncStatus published() throws Exception {
        return PayloadCodec.decodeSyncStatus(client.getData().forPath(node), node);
    }

    private void refresh() {
        try {
            Stat stat = new Stat();
            long seen;
            try {
                client.getChildren().storingStatIn(stat).usingWatcher(watcher).forPath(rolePath);
                seen = stat.getPzxid();
            } catch (KeeperException.NoNodeException e) {
                client.checkExists().usingWatcher(watcher).forPath(rolePath);
                seen = 0;
            }
            long target = seen;
            if (frozen) {
                return;
            }
            if (applyDelayMillis > 0) {
                executor.schedule(() -> apply(target), applyDelayMillis, TimeUnit.MILLISECONDS);
            } else {
                apply(target);
            }
        } catch (Exception e) {
            if (!executor.isShutdown()) {
                executor.schedule(this::refresh, 50, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void apply(long zxid) {
        if (frozen || zxid <= applied.get()) {
            return;
        }
        applied.set(zxid);
        publishQuietly();
    }

    private void publishQuietly() {
        try {
            client.setData().forPath(node, payload(applied.get()));
        } catch (Exception e) {
            // closing: the node goes with the session
        }
    }

    private byte[] payload(long zxid) {
        return PayloadCodec.encode(new SyncStatus(name, SyncMode.APPLY, "digest", Instant.now(), zxid, blind,
                Map.of(), "test"));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        client.close();
    }
}
