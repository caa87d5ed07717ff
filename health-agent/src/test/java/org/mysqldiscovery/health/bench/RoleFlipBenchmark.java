package org.mysqldiscovery.health.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.TempFiles;
import org.mysqldiscovery.health.testing.TestCluster;
import org.mysqldiscovery.health.testing.ZkServer;

/**
 * Role file replaced by atomic rename → the registration node under the new role exists in ZooKeeper (seen by a
 * watcher on another client). Flips a real replica between {@code replica} and {@code reporting-replica} 100 times
 * (both pass every check, so each flip is a full re-check and re-registration) and prints p50/p99.
 * Budget (docs/DESIGN.md): p99 ≤ 100 ms. Run on demand, see the module README.
 */
public final class RoleFlipBenchmark {
    private RoleFlipBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } finally {
            TestCluster.stopIfStarted();
        }
    }

    private static void run(String[] args) throws Exception {
        int flips = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        TestCluster cluster = TestCluster.get();
        Path roleDir = Files.createTempDirectory("role-flip-");
        RoleDirectory roles = new RoleDirectory(roleDir);
        roles.writeSchema(SchemaName.of("orders"));
        roles.writeRole(Role.REPLICA);
        try (ZkServer zk = ZkServer.create(2_000, true);
                RunningAgent agent = RunningAgent.start(RunningAgent.yaml(zk, "/bench", cluster.replica(),
                        cluster.passwordFile(), roleDir, "").replace("checkIntervalMillis: 200",
                        "checkIntervalMillis: 1000").replace("checkTimeoutMillis: 500", "checkTimeoutMillis: 1000"))) {
            String prefix = "/bench/mysql/orders/";
            String instance = "/127.0.0.1:" + cluster.replica().port();
            awaitNode(zk, prefix + "replica" + instance, null);

            double[] millis = new double[flips];
            Role current = Role.REPLICA;
            for (int i = 0; i < flips; i++) {
                Role next = current == Role.REPLICA ? Role.REPORTING_REPLICA : Role.REPLICA;
                String path = prefix + next.token() + instance;
                CountDownLatch created = new CountDownLatch(1);
                long[] seenAt = new long[1];
                // Exists-watch set before the rename: fires when the node is created.
                if (zk.client().checkExists().usingWatcher((Watcher) event -> {
                    if (event.getType() == Watcher.Event.EventType.NodeCreated) {
                        seenAt[0] = System.nanoTime();
                        created.countDown();
                    }
                }).forPath(path) != null) {
                    throw new IllegalStateException(path + " exists before the flip");
                }
                long renamed = renameInto(roles, next);
                if (!created.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("flip " + i + ": " + path + " not created within 5 s; /health: "
                            + agent.health());
                }
                millis[i] = (seenAt[0] - renamed) / 1e6;
                current = next;
                // Let the old node's deletion settle before the next flip watches it again.
                awaitNode(zk, prefix + (current == Role.REPLICA ? "reporting-replica" : "replica") + instance,
                        false);
            }
            Percentiles p = new Percentiles(millis);
            System.out.println("RoleFlipBenchmark: rename -> new node in ZooKeeper, " + p.summary(" ms"));
            System.out.println(p.at(99) <= 100 ? "within budget (p99 <= 100 ms)" : "OVER BUDGET (p99 > 100 ms)");
            System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            TempFiles.deleteTree(roleDir);
        }
    }

    /** Writes the role like the role agent (temp file, fsync) and returns the time of the rename itself. */
    private static long renameInto(RoleDirectory roles, Role role) throws IOException {
        Path temp = Files.createTempFile(roles.directory(), ".role-", ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((role.token() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        long at = System.nanoTime();
        Files.move(temp, roles.roleFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return at;
    }

    private static void awaitNode(ZkServer zk, String path, Boolean exists) {
        boolean want = exists == null || exists;
        org.awaitility.Awaitility.await(path + (want ? " appears" : " goes away")).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(2)).until(() -> zk.exists(path) == want);
    }
}
