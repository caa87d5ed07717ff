package org.mysqldiscovery.role.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.curator.test.TestingServer;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.role.RoleAgent;
import org.mysqldiscovery.role.testing.AgentFixture;
import org.mysqldiscovery.role.testing.FakeHealthAgent;
import org.mysqldiscovery.role.testing.FakeSync;
import org.mysqldiscovery.role.testing.Http;

/**
 * On-demand benchmark (not in CI): latency of {@code PUT /v1/role} over loopback HTTP with a real atomic write
 * (fsync) per request, and of {@code PUT /v1/drain} with a real ZooKeeper, a health agent stand-in and two sync
 * stand-ins. Run:
 * <pre>
 * ./mvnw -o -q -B -pl role-agent test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.mysqldiscovery.role.bench.RoleAgentBenchmark [-Dexec.args="DIR"]
 * </pre>
 * DIR is where the role directory lives (default: target/bench, i.e. the disk; fsync cost depends on it).
 */
public final class RoleAgentBenchmark {
    private static final String SELF = "127.0.0.1:3306";

    private RoleAgentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(args.length > 0 ? args[0]
                : "target/bench")), "run-");
        try (TestingServer zookeeper = new TestingServer()) {
            AgentFixture fixture = new AgentFixture(dir).instance(SELF).zookeeper(zookeeper.getConnectString())
                    .role(Role.REPLICA).drainTimeoutMillis(2000);
            RoleAgent agent = fixture.start();
            try {
                Http http = AgentFixture.client(agent, "127.0.0.1");
                putLatency(http);
                drainLatency(http, zookeeper, fixture);
            } finally {
                agent.close();
            }
        }
    }

    private static String role(String role) {
        return "{\"role\":\"" + role + "\",\"instance\":\"" + SELF + "\",\"reason\":\"benchmark\"}";
    }

    private static void putLatency(Http http) {
        String[] roles = {"replica", "reporting-replica"};
        for (int i = 0; i < 200; i++) {
            expect(http.put("/v1/role", role(roles[i % 2])), 200);
        }
        long[] changes = new long[1000];
        for (int i = 0; i < changes.length; i++) {
            long started = System.nanoTime();
            expect(http.put("/v1/role", role(roles[i % 2])), 200);
            changes[i] = System.nanoTime() - started;
        }
        long[] repeats = new long[1000];
        for (int i = 0; i < repeats.length; i++) {
            long started = System.nanoTime();
            expect(http.put("/v1/role", role(roles[1])), 200);
            repeats[i] = System.nanoTime() - started;
        }
        report("PUT /v1/role, role changes (atomic write + fsync)", changes);
        report("PUT /v1/role, idempotent repeats", repeats);
    }

    private static void drainLatency(Http http, TestingServer zookeeper, AgentFixture fixture) throws Exception {
        ZkLayout layout = ZkLayout.defaultLayout();
        SchemaName schema = SchemaName.of(AgentFixture.SCHEMA);
        expect(http.put("/v1/role", role("primary")), 200);
        try (FakeHealthAgent health = new FakeHealthAgent(zookeeper.getConnectString(), layout,
                fixture.roleDirectory(), schema, Instance.parse(SELF));
                FakeSync first = new FakeSync(zookeeper.getConnectString(), layout, schema, "127.0.0.1:6032", 0);
                FakeSync second = new FakeSync(zookeeper.getConnectString(), layout, schema, "127.0.0.1:6033", 0)) {
            waitUntil(() -> first.appliedZxid() >= 0 && second.appliedZxid() >= 0);
            long[] drains = new long[200];
            for (int i = -20; i < drains.length; i++) {
                waitUntil(health::registered);
                long started = System.nanoTime();
                expect(http.put("/v1/drain", "{\"instance\":\"" + SELF + "\",\"reason\":\"benchmark\",\"seconds\":10}"),
                        200);
                long elapsed = System.nanoTime() - started;
                if (i >= 0) {
                    drains[i] = elapsed;
                }
                expect(http.delete("/v1/drain"), 200);
            }
            report("PUT /v1/drain answered (health agent stand-in + 2 syncs applied)", drains);
        }
    }

    /** The benchmark's own wait (not a test): poll a condition with a deadline. */
    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within 10 s");
            }
            Thread.onSpinWait();
        }
    }

    private static void expect(Http.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-70s n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n", what, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
