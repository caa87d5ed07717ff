package org.mysqldiscovery.health.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** A real ZooKeeper server (curator-test) on loopback with a small tick, plus a Curator client for assertions. */
public final class ZkServer implements AutoCloseable {
    static {
        System.setProperty("zookeeper.admin.enableServer", "false");
    }

    private final TestingServer server;
    private final int tickMillis;
    private final CuratorFramework client;

    private ZkServer(TestingServer server, int tickMillis) {
        this.server = server;
        this.tickMillis = tickMillis;
        this.client = CuratorFrameworkFactory.builder().connectString(connectString())
                .sessionTimeoutMs(20 * tickMillis).connectionTimeoutMs(2_000)
                .retryPolicy(new RetryNTimes(20, 100)).build();
    }

    /**
     * @param tickMillis ZooKeeper tick: session timeouts are negotiated into [2, 20] ticks
     * @param started    false: ZooKeeper is down until {@link #startServer()}
     */
    public static ZkServer create(int tickMillis, boolean started) {
        try {
            Path data = Files.createTempDirectory("zk-");
            int port = MariaDbServer.freePort();
            InstanceSpec spec = new InstanceSpec(data.toFile(), port, -1, -1, true, 1, tickMillis, 100,
                    Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
            ZkServer zk = new ZkServer(new TestingServer(spec, started), tickMillis);
            if (started) {
                zk.client.start();
            }
            return zk;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start ZooKeeper", e);
        }
    }

    public String connectString() {
        return "127.0.0.1:" + server.getPort();
    }

    public int tickMillis() {
        return tickMillis;
    }

    public CuratorFramework client() {
        return client;
    }

    public void startServer() {
        try {
            server.start();
            if (client.getState() == org.apache.curator.framework.imps.CuratorFrameworkState.LATENT) {
                client.start();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void stopServer() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #stopServer()} (same port and data). */
    public void restartServer() {
        try {
            server.restart();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The node's stat, or null when it does not exist. */
    public Stat stat(String path) {
        try {
            return client.checkExists().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean exists(String path) {
        return stat(path) != null;
    }

    public String data(String path) {
        try {
            return new String(client.getData().forPath(path), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void create(String path, String data) {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void delete(String path) {
        try {
            client.delete().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Expires a session on the server at once: a second handle with the same id and password connects and closes
     * (reference/stack.md), which is what a real expiry does to the agent.
     */
    public void expireSession(long sessionId, byte[] password) {
        try {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper twin = new ZooKeeper(connectString(), 20 * tickMillis, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            }, sessionId, password);
            if (!connected.await(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the twin session did not connect");
            }
            twin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
