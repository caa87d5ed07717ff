package org.mysqldiscovery.sync.bench;

import org.mysqldiscovery.common.metrics.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.logging.LogSetup;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.SyncService;
import org.mysqldiscovery.sync.harness.AdminTarget;
import org.mysqldiscovery.sync.harness.Agents;
import org.mysqldiscovery.sync.harness.SyncConfigBuilder;

/**
 * Registration change → applied in ProxySQL's runtime (budget p99 ≤ 100 ms). Measures from the moment the ZooKeeper
 * write returns to the moment the sync's status node shows an appliedZxid covering it (published only after runtime
 * was verified), seen through a watch as any waiter would. On demand, not in CI:
 * {@code ./mvnw -o -q -pl proxysql-sync test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.mysqldiscovery.sync.bench.ApplyLatencyBenchmark [-Dexec.args="ROUNDS BACKGROUND_SERVERS LOGLEVEL"]}
 * (real ProxySQL: set PROXYSQL_ADMIN_URL).
 */
public final class ApplyLatencyBenchmark {
    private ApplyLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        LogSetup.apply(new LogSettings("text", args.length > 2 ? args[2] : "WARN"), "bench");
        // -Dbench.dataDir=/dev/shm keeps ZooKeeper's and the stand-in's fsyncs off a shared disk.
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dataDir",
                System.getProperty("java.io.tmpdir"))), "sync-latency");
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), -1, -1, -1,
                true, -1), true);
                AdminTarget admin = AdminTarget.create(dir);
                Agents agents = new Agents(zookeeper.getConnectString())) {
            SyncService sync = new SyncService(new SyncConfigBuilder(dir).zookeeper(zookeeper.getConnectString())
                    .admin(admin).schema("orders", 9010, 9011, 9012).build(), Telemetry.forProgram("proxysql-sync", "test"),
                    Clock.systemUTC());
            sync.start();
            AtomicLong applied = new AtomicLong(-1);
            CuratorCache status = CuratorCache.build(agents.client(), sync.statusPath(),
                    CuratorCache.Options.SINGLE_NODE_CACHE);
            status.listenable().addListener(CuratorCacheListener.builder().forCreatesAndChanges((o, n) -> {
                try {
                    long zxid = PayloadCodec.decodeSyncStatus(n.getData(), n.getPath()).appliedZxid();
                    synchronized (applied) {
                        applied.set(zxid);
                        applied.notifyAll();
                    }
                } catch (MalformedPayloadException e) {
                    throw new IllegalStateException(e);
                }
            }).build());
            status.start();

            agents.register("orders", Role.PRIMARY, "db0:3306");
            for (int i = 0; i < background; i++) {
                agents.register("orders", Role.REPLICA, "bg" + i + ":3306");
            }
            await(applied, agents.register("orders", Role.REPLICA, "warm:3306"));

            Histogram latency = Percentiles.histogram();
            for (int round = 0; round < rounds; round++) {
                String instance = "r" + (round % 2) + ":3306";
                long start = System.nanoTime();
                long zxid = round % 4 < 2 ? agents.register("orders", Role.REPLICA, instance)
                        : agents.deregister("orders", Role.REPLICA, instance);
                await(applied, zxid);
                latency.recordValue(System.nanoTime() - start);
            }
            System.out.println("ApplyLatencyBenchmark against " + admin.describe() + ", " + (background + 1)
                    + " other servers, debounce 20 ms, data in " + dir + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs");
            System.out.println(Percentiles.describe("registration change -> runtime verified, appliedZxid seen",
                    latency));
            System.out.println("applies " + sync.reconciler().metrics().applies() + ", no-ops "
                    + sync.reconciler().metrics().noops() + ", failures " + sync.reconciler().metrics().failures());
            status.close();
            sync.close();
        }
    }

    private static void await(AtomicLong applied, long zxid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (applied) {
            while (applied.get() < zxid) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("zxid " + zxid + " not applied within 10 s");
                }
                applied.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
