package org.mysqldiscovery.health.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One real MariaDB primary and one GTID replica, started once per test JVM (about 3 s) and shared by the ITs and
 * benchmarks of this module. Tests that change a server's state put it back when they end.
 * <ul>
 * <li>user {@code health} with exactly the grants the README documents (SLAVE MONITOR, READ_ONLY ADMIN, SELECT on
 * {@code percona})</li>
 * <li>pt-heartbeat table {@code percona.heartbeat(ts, server_id)}</li>
 * <li>the replica starts with {@code innodb_buffer_pool_load_at_startup=OFF}: its buffer pool load status is empty
 * until a test loads it</li>
 * </ul>
 */
public final class TestCluster {
    public static final String HEALTH_PASSWORD = "health-pw";
    private static TestCluster instance;

    private final Path base;
    private final MariaDbServer primary;
    private final MariaDbServer replica;
    private final Path passwordFile;
    private boolean stopped;

    private TestCluster(Path base, MariaDbServer primary, MariaDbServer replica, Path passwordFile) {
        this.base = base;
        this.primary = primary;
        this.replica = replica;
        this.passwordFile = passwordFile;
    }

    /** Stops the cluster if one was started in this JVM (benchmarks call it; the ITs leave it to the hook). */
    public static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
        }
    }

    public static synchronized TestCluster get() {
        if (instance == null) {
            instance = create();
            TestCluster created = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(created::stop, "test-cluster-stop"));
        }
        return instance;
    }

    private static TestCluster create() {
        try {
            Path base = Files.createTempDirectory("health-agent-it-");
            CompletableFuture<MariaDbServer> p = CompletableFuture.supplyAsync(() ->
                    MariaDbServer.install(base, "primary", 1, List.of()).start());
            CompletableFuture<MariaDbServer> r = CompletableFuture.supplyAsync(() ->
                    MariaDbServer.install(base, "replica", 2, List.of("--innodb-buffer-pool-load-at-startup=OFF"))
                            .start());
            MariaDbServer primary;
            MariaDbServer replica;
            try {
                CompletableFuture.allOf(p, r).join();
                primary = p.join();
                replica = r.join();
            } catch (RuntimeException e) {
                // One may have started: never leave a server behind.
                p.thenAccept(MariaDbServer::close);
                r.thenAccept(MariaDbServer::close);
                TempFiles.deleteTree(base);
                throw e;
            }
            try {
                primary.sql(
                        "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-pw'",
                        "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'",
                        "CREATE USER 'health'@'127.0.0.1' IDENTIFIED BY '" + HEALTH_PASSWORD + "'",
                        "GRANT SLAVE MONITOR, READ_ONLY ADMIN ON *.* TO 'health'@'127.0.0.1'",
                        "CREATE DATABASE percona",
                        "CREATE TABLE percona.heartbeat (ts VARCHAR(26) NOT NULL, server_id INT UNSIGNED NOT NULL "
                                + "PRIMARY KEY)",
                        "GRANT SELECT ON percona.* TO 'health'@'127.0.0.1'");
                replica.sql("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                                + ", MASTER_USER='repl', MASTER_PASSWORD='repl-pw', MASTER_USE_GTID=slave_pos",
                        "START SLAVE",
                        "SET GLOBAL read_only = ON");
                TestCluster cluster = new TestCluster(base, primary, replica,
                        Files.writeString(base.resolve("health-password"), HEALTH_PASSWORD + "\n"));
                cluster.beat(0);
                await("replica caught up").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptions()
                        .until(() -> "1".equals(replica.query("SELECT COUNT(*) FROM percona.heartbeat")));
                return cluster;
            } catch (IOException | RuntimeException e) {
                replica.close();
                primary.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MariaDbServer primary() {
        return primary;
    }

    public MariaDbServer replica() {
        return replica;
    }

    /** The password file of user {@code health}. */
    public Path passwordFile() {
        return passwordFile;
    }

    /** Writes a pt-heartbeat row on the primary, {@code ageMillis} old. */
    public void beat(long ageMillis) {
        primary.sql("REPLACE INTO percona.heartbeat (ts, server_id) VALUES (DATE_FORMAT(UTC_TIMESTAMP(6) - "
                + "INTERVAL " + ageMillis * 1000 + " MICROSECOND, '%Y-%m-%dT%H:%i:%s.%f'), 1)");
    }

    /** Waits until the replica has applied everything the primary has. */
    public void awaitReplicaCaughtUp() {
        String gtid = primary.query("SELECT @@gtid_binlog_pos");
        await("replica at " + gtid).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> gtid.equals(replica.query("SELECT @@gtid_slave_pos")));
    }

    /**
     * Stops both servers and deletes their files (also done by a shutdown hook; call it explicitly where hooks may
     * not run, e.g. under {@code exec:java}).
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        replica.close();
        primary.close();
        TempFiles.deleteTree(base);
    }
}
