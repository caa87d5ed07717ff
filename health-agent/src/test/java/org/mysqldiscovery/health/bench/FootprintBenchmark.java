package org.mysqldiscovery.health.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.testing.AgentProcess;
import org.mysqldiscovery.health.testing.RunningAgent;
import org.mysqldiscovery.health.testing.TempFiles;
import org.mysqldiscovery.health.testing.TestCluster;
import org.mysqldiscovery.health.testing.ZkServer;

/**
 * One agent process (the shaded jar, with the README's JVM flags): time from process start to its first
 * registration, and resident memory after it has run its checks for a while. Budget: ≤ 3 s, RSS ≤ 128 MiB.
 * Needs {@code target/health-agent.jar} (run {@code package} first). Run on demand, see the module README.
 */
public final class FootprintBenchmark {
    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } finally {
            TestCluster.stopIfStarted();
        }
    }

    private static void run(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long settleMillis = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        // Extra JVM flags, e.g. -Dfootprint.jvmFlags=-XX:SharedArchiveFile=/var/tmp/health-agent.jsa (see README).
        String flags = System.getProperty("footprint.jvmFlags", "").trim();
        java.util.List<String> extra = flags.isEmpty() ? java.util.List.of() : java.util.List.of(flags.split("\\s+"));
        TestCluster cluster = TestCluster.get();
        Path work = Files.createTempDirectory("footprint-");
        RoleDirectory roles = new RoleDirectory(work.resolve("roles"));
        roles.writeSchema(SchemaName.of("orders"));
        roles.writeRole(Role.REPLICA);
        double[] startMillis = new double[runs];
        double[] rssMib = new double[runs];
        double[] peakMib = new double[runs];
        try (ZkServer zk = ZkServer.create(2_000, true)) {
            // The production defaults: 1 s interval and timeout, 6 s session.
            String yaml = RunningAgent.yaml(zk, "/footprint", cluster.replica(), cluster.passwordFile(),
                    roles.directory(), "").replace("checkIntervalMillis: 200", "checkIntervalMillis: 1000")
                    .replace("checkTimeoutMillis: 500", "checkTimeoutMillis: 1000")
                    .replace("sessionTimeoutMillis: 20000", "sessionTimeoutMillis: 6000");
            Path config = Files.writeString(work.resolve("agent.yaml"), yaml);
            String path = "/footprint/mysql/orders/replica/127.0.0.1:" + cluster.replica().port();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                try (AgentProcess agent = AgentProcess.start(config, work.resolve("agent-" + i + ".log"), extra)) {
                    Awaitility.await("registered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                            .until(() -> zk.exists(path));
                    startMillis[i] = (System.nanoTime() - start) / 1e6;
                    // Let it run rounds (and serve /health once) before reading its memory.
                    Awaitility.await().pollDelay(Duration.ofMillis(settleMillis))
                            .atMost(Duration.ofMillis(settleMillis + 1_000)).until(() -> true);
                    rssMib[i] = agent.rssKib() / 1024.0;
                    peakMib[i] = agent.peakRssKib() / 1024.0;
                    agent.process().destroy();
                    agent.awaitExit(10);
                    if (Boolean.getBoolean("footprint.showLog")) {
                        System.out.println(agent.output());
                    }
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !zk.exists(path));
                }
                System.out.printf("run %d: first registration %.0f ms, RSS %.1f MiB (peak %.1f MiB)%n", i + 1,
                        startMillis[i], rssMib[i], peakMib[i]);
            }
        }
        System.out.println("FootprintBenchmark: JVM flags " + String.join(" ", AgentProcess.RECOMMENDED_JVM_FLAGS)
                + (extra.isEmpty() ? "" : " " + String.join(" ", extra)));
        System.out.println("  process start -> first registration: " + new Percentiles(startMillis).summary(" ms"));
        System.out.println("  RSS after " + settleMillis + " ms: " + new Percentiles(rssMib).summary(" MiB"));
        System.out.println("  peak RSS (VmHWM): " + new Percentiles(peakMib).summary(" MiB"));
        System.out.println("  load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
        TempFiles.deleteTree(work);
    }
}
