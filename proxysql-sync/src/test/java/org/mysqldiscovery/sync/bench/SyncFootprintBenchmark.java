package org.mysqldiscovery.sync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.sync.harness.AdminTarget;
import org.mysqldiscovery.sync.harness.Agents;

/**
 * Resident memory of the real sync process (the shaded jar) with 5,000 registrations (budget: RSS ≤ 128 MiB):
 * a real ZooKeeper, the admin stand-in (or PROXYSQL_ADMIN_URL), 500 schemas of 10 servers, then churn (5 % of the
 * registrations replaced every second, a full pass every 5 s) while VmRSS and VmHWM are read from /proc. Needs
 * {@code target/proxysql-sync.jar} (package first). On demand, not in CI: see the module README (flags by
 * {@code -Dfootprint.jvmFlags}, extra environment by {@code -Dfootprint.env}, e.g. MALLOC_ARENA_MAX=2;
 * arguments: registrations, seconds of churn).
 */
public final class SyncFootprintBenchmark {
    /** The flags of the README and the Puppet class (what production runs). */
    static final String RECOMMENDED = "-Xmx40m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m "
            + "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxDirectMemorySize=8m";
    private static final int PER_SCHEMA = 10;

    private SyncFootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int registrations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int churnSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<String> flags = List.of(System.getProperty("footprint.jvmFlags", RECOMMENDED).trim().split("\\s+"));
        Path jar = jar();
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dataDir",
                System.getProperty("java.io.tmpdir"))), "sync-footprint");
        int schemas = (registrations + PER_SCHEMA - 1) / PER_SCHEMA;
        try (TestingServer zookeeper = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), -1, -1, -1,
                true, -1, 2_000, 2_000), true);
                AdminTarget admin = AdminTarget.create(dir);
                Agents agents = new Agents(zookeeper.getConnectString())) {
            long start = System.nanoTime();
            List<String[]> registered = new ArrayList<>();
            for (int i = 0; i < registrations; i++) {
                String schema = "s" + (i / PER_SCHEMA);
                Role role = i % PER_SCHEMA == 0 ? Role.PRIMARY : Role.REPLICA;
                String instance = "h" + i + ".bench.example:3306";
                agents.register(schema, role, instance);
                registered.add(new String[] {schema, role.token(), instance});
            }
            System.out.printf("%d registrations in %d schemas written in %d ms%n", registrations, schemas,
                    (System.nanoTime() - start) / 1_000_000);
            Path config = dir.resolve("proxysql-sync.yaml");
            Files.writeString(config, config(zookeeper.getConnectString(), admin, schemas, dir));
            Path log = dir.resolve("sync.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags);
            command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Extra environment, e.g. -Dfootprint.env=MALLOC_ARENA_MAX=2 (measured: no difference on 2 cores).
            String env = System.getProperty("footprint.env", "").trim();
            for (String pair : env.isEmpty() ? new String[0] : env.split(",")) {
                builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            Process sync = builder.start();
            try {
                long launched = System.nanoTime();
                awaitRows(admin, registrations, sync, log);
                System.out.printf("sync process: every row routed %d ms after launch; RSS %.1f MiB%n",
                        (System.nanoTime() - launched) / 1_000_000, kib(sync, "VmRSS:") / 1024.0);
                Random random = new Random(42);
                double maxRss = 0;
                for (int second = 0; second < churnSeconds; second++) {
                    for (int k = 0; k < registrations / 20; k++) {
                        String[] r = registered.get(random.nextInt(registered.size()));
                        Role role = Role.fromToken(r[1]);
                        agents.deregister(r[0], role, r[2]);
                        agents.register(r[0], role, r[2]);
                    }
                    TimeUnit.SECONDS.sleep(1); // a benchmark's pacing, not a test's wait
                    if (!sync.isAlive()) {
                        throw new IllegalStateException("the sync died: " + Files.readString(log));
                    }
                    maxRss = Math.max(maxRss, kib(sync, "VmRSS:") / 1024.0);
                }
                SyncStatus status = agents.syncStatus("127.0.0.1", admin.port());
                System.out.printf("SyncFootprintBenchmark: %d registrations, %d s of churn (%d replaced per second), "
                        + "flags %s, environment %s%n", registrations, churnSeconds, registrations / 20,
                        String.join(" ", flags), System.getProperty("footprint.env", ""));
                System.out.printf("  RSS now %.1f MiB, max sampled %.1f MiB, peak (VmHWM) %.1f MiB; budget 128 MiB;"
                        + " sync %s%n", kib(sync, "VmRSS:") / 1024.0, maxRss, kib(sync, "VmHWM:") / 1024.0,
                        status == null ? "status node absent" : "blind=" + status.blind() + " appliedZxid="
                                + status.appliedZxid());
            } finally {
                sync.destroy();
                if (!sync.waitFor(10, TimeUnit.SECONDS)) {
                    sync.destroyForcibly();
                }
            }
        }
    }

    private static Path jar() {
        for (Path candidate : List.of(Path.of("target", "proxysql-sync.jar"),
                Path.of("proxysql-sync", "target", "proxysql-sync.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("target/proxysql-sync.jar is missing: run `./mvnw -q -pl proxysql-sync -am "
                + "package -DskipTests` first");
    }

    private static String config(String zookeeper, AdminTarget admin, int schemas, Path dir) throws IOException {
        Path password = Files.writeString(dir.resolve("admin.password"), admin.password() + "\n");
        StringBuilder yaml = new StringBuilder();
        yaml.append("zookeeper:\n  connectString: ").append(zookeeper).append("\n  sessionTimeoutMillis: 6000\n");
        yaml.append("http:\n  bindAddress: 127.0.0.1\n  port: 0\n");
        yaml.append("logging:\n  format: text\n  level: WARN\n");
        yaml.append("proxysql:\n  host: ").append(admin.host()).append("\n  port: ").append(admin.port())
                .append("\n  user: ").append(admin.user()).append("\n  passwordFile: ").append(password)
                .append("\n");
        yaml.append("hostgroups:\n");
        for (int s = 0; s < schemas; s++) {
            int base = 10_000 + 3 * s;
            yaml.append("  s").append(s).append(": {primary: ").append(base).append(", replica: ").append(base + 1)
                    .append(", reporting-replica: ").append(base + 2).append("}\n");
        }
        yaml.append("fullPassIntervalMillis: 5000\n");
        yaml.append("openPagesFile: ").append(dir.resolve("open-pages.json").toAbsolutePath()).append("\n");
        return yaml.toString();
    }

    private static void awaitRows(AdminTarget admin, int rows, Process sync, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!sync.isAlive()) {
                throw new IllegalStateException("the sync died: " + Files.readString(log));
            }
            List<List<String>> count = admin.query("SELECT COUNT(*) FROM runtime_mysql_servers WHERE hostgroup_id"
                    + " >= 10000");
            if (Integer.parseInt(count.get(0).get(0)) >= rows) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200); // a benchmark's pacing
        }
        throw new IllegalStateException("not every row routed within 3 minutes; log: " + Files.readString(log));
    }

    /** A field of /proc/PID/status in KiB. */
    private static long kib(Process process, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }
}
