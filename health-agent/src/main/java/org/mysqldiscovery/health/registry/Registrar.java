package org.mysqldiscovery.health.registry;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds at most one ephemeral registration node through Curator's {@link PersistentNode}, which re-creates it after
 * a ZooKeeper restart or a session expiry. Changes are applied on one thread, latest wish wins, and always in the
 * order "delete the old node, then create the new one", so a reader never sees this instance under two roles. The
 * reconciler never blocks on ZooKeeper: {@link #apply} returns at once.
 *
 * <p>The watchdog can {@link #suspend} it from its own thread: the node held is closed there (not on the registrar
 * thread, which may be the stuck part) and nothing is created until {@link #resume}.
 */
public final class Registrar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final CuratorFramework client;
    private final Runnable onChange;
    private final Lifecycle state = new Lifecycle("registrar");
    private final AtomicReference<DesiredNode> wanted = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean verifying = new AtomicBoolean();
    private final ExecutorService executor;
    private volatile RegistrationStatus status = RegistrationStatus.none();
    // Confined to the executor thread:
    private volatile DesiredNode current;
    private volatile PersistentNode node;
    /** Guards the swap of {@code node}/{@code current} between the registrar thread and the watchdog. */
    private final Object nodeLock = new Object();
    private volatile String suspended;
    private volatile long busySinceNanos;

    /**
     * @param onChange called when the status changes (node created, lost, ownership checked)
     */
    public Registrar(CuratorFramework client, Runnable onChange) {
        this.client = client;
        this.onChange = onChange;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "registrar");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        state.start();
    }

    /** Wants {@code desired} registered (null: nothing). Returns at once; applied in order on the registrar thread. */
    public void apply(DesiredNode desired) {
        if (!state.started()) {
            return;
        }
        wanted.set(desired);
        if (!Objects.equals(desired, current) && scheduled.compareAndSet(false, true)) {
            executor.execute(this::reconcile);
        }
    }

    public RegistrationStatus status() {
        return status;
    }

    /** Feed of connection states: after LOST the node must be re-created under the new session. */
    public void onConnectionState(ConnectionState newState) {
        if (newState == ConnectionState.LOST) {
            RegistrationStatus now = status;
            if (now.path() != null) {
                publish(new RegistrationStatus(now.path(), false, "ZooKeeper session lost; re-creating the node"));
            }
        }
    }

    /**
     * Checks, in the background, that the node exists and belongs to this session: {@code PersistentNode} silently
     * adopts a node left by a dead agent process, which then vanishes when that session expires.
     */
    public void verify() {
        if (state.started() && node != null && verifying.compareAndSet(false, true)) {
            executor.execute(this::checkOwnership);
        }
    }

    private void checkOwnership() {
        verifying.set(false);
        PersistentNode held = node;
        RegistrationStatus now = status;
        if (held == null || now.path() == null) {
            return;
        }
        try {
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            client.checkExists().inBackground((c, event) -> {
                if (node != held) {
                    return;
                }
                int rc = event.getResultCode();
                if (rc == KeeperException.Code.OK.intValue()) {
                    Stat stat = event.getStat();
                    if (stat.getEphemeralOwner() == session) {
                        confirm(held, now.path());
                    } else {
                        publish(new RegistrationStatus(now.path(), false, "the node belongs to another session 0x"
                                + Long.toHexString(stat.getEphemeralOwner())
                                + " (a previous agent process?); waiting for it to expire"));
                    }
                } else if (rc == KeeperException.Code.NONODE.intValue()) {
                    publish(new RegistrationStatus(now.path(), false, "the node is missing; re-creating it"));
                }
            }).forPath(now.path());
        } catch (Exception e) {
            // Not connected (getZooKeeper fails): the connection state already says why.
            LOG.debug("cannot verify {}: {}", now.path(), e.toString());
        }
    }

    /**
     * The watchdog's withdrawal: closes the node held (on a throwaway daemon thread: a delete retries while
     * ZooKeeper is away) and creates nothing until {@link #resume}. Callable from any thread.
     */
    public void suspend(String reason) {
        suspended = reason;
        PersistentNode held;
        String path;
        synchronized (nodeLock) {
            held = node;
            path = current == null ? null : current.path();
            node = null;
            current = null;
        }
        publish(RegistrationStatus.none());
        if (held != null) {
            Thread closer = new Thread(() -> {
                try {
                    held.close();
                    LOG.warn("watchdog removed the registration {}", path);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("watchdog: deleting {} failed ({}); it goes with the session", path, e.toString());
                }
            }, "watchdog-unregister");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** Ends a {@link #suspend}: the latest wish is applied again. */
    public void resume() {
        suspended = null;
        if (state.started() && scheduled.compareAndSet(false, true)) {
            executor.execute(this::reconcile);
        }
    }

    /** How long the running registration change has run (ms), or -1 when the registrar is idle. */
    public long busyMillis() {
        long since = busySinceNanos;
        return since == 0 ? -1 : (System.nanoTime() - since) / 1_000_000;
    }

    private void reconcile() {
        scheduled.set(false);
        busySinceNanos = System.nanoTime();
        try {
            while (true) {
                DesiredNode target = suspended != null ? null : wanted.get();
                if (Objects.equals(target, current)) {
                    return;
                }
                if (current != null) {
                    remove();
                }
                if (target != null) {
                    create(target);
                }
            }
        } finally {
            busySinceNanos = 0;
        }
    }

    private void remove() {
        PersistentNode held;
        String path;
        synchronized (nodeLock) {
            held = node;
            path = current == null ? null : current.path();
            node = null;
            current = null;
        }
        publish(RegistrationStatus.none());
        if (held == null) {
            return; // the watchdog took it
        }
        long start = System.nanoTime();
        try {
            held.close(); // deletes the node (guaranteed: retried in the background if the connection is down)
            LOG.info("unregistered {} ({} ms)", path, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            LOG.warn("deleting {} failed ({}); it is retried in the background and goes with the session anyway",
                    path, e.toString());
        }
    }

    private void create(DesiredNode target) {
        PersistentNode created = new PersistentNode(client, CreateMode.EPHEMERAL, false, target.path(),
                target.payload(), true);
        created.getListenable().addListener(path -> {
            confirm(created, target.path());
            LOG.info("registered {}", path);
        });
        synchronized (nodeLock) {
            if (suspended != null) {
                return; // the watchdog withdrew meanwhile: create nothing
            }
            node = created;
            current = target;
            publish(new RegistrationStatus(target.path(), false, "creating the node"));
            created.start(); // does not block: the node is created in the background
        }
    }

    private void confirm(PersistentNode which, String path) {
        if (node == which) {
            publish(new RegistrationStatus(path, true, null));
        }
    }

    private void publish(RegistrationStatus next) {
        RegistrationStatus previous = status;
        status = next;
        if (!next.equals(previous)) {
            onChange.run();
        }
    }

    /** Deletes the node now (waits up to {@code timeoutMillis}) and stops. */
    public void close(long timeoutMillis) {
        if (!state.closeStarted()) {
            executor.shutdownNow();
            return;
        }
        wanted.set(null);
        Future<?> removal = executor.submit(() -> {
            if (current != null) {
                remove();
            }
        });
        try {
            removal.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("deleting the registration did not finish within {} ms; it goes with the session", timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("deleting the registration failed: {}", e.getCause().toString());
        }
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
