package org.mysqldiscovery.role.testing;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * A stand-in for the health agent's drain behaviour (the real one is another module): registers this primary as an
 * ephemeral node while no drain lease runs, deletes it while one does, and re-registers when the lease ends or runs
 * out. Watches the role directory with inotify so that it reacts within milliseconds.
 */
public final class FakeHealthAgent implements AutoCloseable {
    private final CuratorFramework client;
    private final RoleDirectory directory;
    private final String path;
    private final byte[] payload;
    private final WatchService watch;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean obeysDrain = true;

    public FakeHealthAgent(String connectString, ZkLayout layout, Path roleDirectory, SchemaName schema,
            Instance instance) throws Exception {
        this.client = CuratorFrameworkFactory.newClient(connectString, new RetryOneTime(50));
        this.directory = new RoleDirectory(roleDirectory);
        this.path = layout.registrationPath(schema, Role.PRIMARY, instance);
        this.payload = PayloadCodec.encode(Registration.ofMysql(instance, schema, Role.PRIMARY, "dc1", 1, 100,
                Instant.now(), "test"));
        this.watch = FileSystems.getDefault().newWatchService();
        roleDirectory.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        client.start();
        client.blockUntilConnected();
        reconcile();
        this.thread = new Thread(this::run, "fake-health-agent");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A broken health agent that keeps the registration whatever the lease says. */
    public void ignoreDrain() {
        obeysDrain = false;
    }

    public boolean registered() throws Exception {
        return client.checkExists().forPath(path) != null;
    }

    private void run() {
        while (running.get()) {
            try {
                long waitMillis = reconcile();
                var key = watch.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            } catch (Exception e) {
                if (!running.get()) {
                    return;
                }
            }
        }
    }

    /** Level-triggered: reads the lease and the role, makes the registration match; returns how long to sleep. */
    private long reconcile() throws Exception {
        Optional<Instant> until;
        try {
            until = directory.readDrainUntil();
        } catch (RoleFileException e) {
            until = Optional.empty();
        }
        boolean primary;
        try {
            primary = directory.readRole() == Role.PRIMARY;
        } catch (RoleFileException e) {
            primary = false;
        }
        Instant now = Instant.now();
        boolean draining = obeysDrain && until.isPresent() && until.get().isAfter(now);
        if (primary && !draining) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, payload);
            } catch (KeeperException.NodeExistsException e) {
                // already registered
            }
        } else {
            try {
                client.delete().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                // already gone
            }
        }
        return draining ? Math.max(1, Math.min(200, until.get().toEpochMilli() - now.toEpochMilli() + 1)) : 200;
    }

    @Override
    public void close() throws IOException {
        running.set(false);
        thread.interrupt();
        watch.close();
        client.close();
    }
}
