package org.mysqldiscovery.cli.bench;

import java.util.Arrays;
import java.util.Optional;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.ZkFixture;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * How long {@code status} takes to read a large view: 10,000 registrations in 2,000 schemas on a loopback
 * ZooKeeper. On demand, not in CI:
 * {@code ./mvnw -o -q -pl cli test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.mysqldiscovery.cli.bench.ViewReadBenchmark}
 */
public final class ViewReadBenchmark {
    static final int SCHEMAS = 2_000;
    static final int PER_SCHEMA = 5;
    static final int RUNS = 15;

    private ViewReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ZkFixture zk = new ZkFixture()) {
            long t0 = System.nanoTime();
            for (int s = 0; s < SCHEMAS; s++) {
                SchemaName schema = SchemaName.of("schema" + s);
                CuratorOp[] ops = new CuratorOp[PER_SCHEMA];
                for (int i = 0; i < PER_SCHEMA; i++) {
                    Role role = i == 0 ? Role.PRIMARY : i == 4 ? Role.REPORTING_REPLICA : Role.REPLICA;
                    Instance instance = new Instance("10." + (s / 250) + "." + (s % 250) + "." + (i + 1), 3306);
                    zk.client().createContainers(zk.layout().rolePath(schema, role));
                    ops[i] = zk.client().transactionOp().create().forPath(
                            zk.layout().registrationPath(schema, role, instance),
                            PayloadCodec.encode(Registration.ofMysql(instance, schema, role, "dc1", 1, 100,
                                    java.time.Instant.now(), "bench")));
                }
                zk.client().transaction().forOperations(ops);
            }
            System.out.printf("populated %d registrations in %d ms%n", SCHEMAS * PER_SCHEMA,
                    (System.nanoTime() - t0) / 1_000_000);

            ViewReader reader = new ViewReader(zk.client(), zk.layout());
            long[] read = new long[RUNS];
            for (int r = 0; r < RUNS; r++) {
                long start = System.nanoTime();
                ClusterView view = reader.read(Optional.empty());
                read[r] = (System.nanoTime() - start) / 1_000_000;
                if (view.registrations().size() != SCHEMAS * PER_SCHEMA) {
                    throw new IllegalStateException("read " + view.registrations().size());
                }
            }
            report("view read (ms)", read);

            long[] status = new long[5];
            for (int r = 0; r < status.length; r++) {
                CliRun.Result result = CliRun.run("status", "--allow-unauthenticated", "--zookeeper", zk.connectString(), "--json");
                status[r] = result.took().toMillis();
            }
            report("status --json in-process, connect included (ms)", status);
        }
    }

    static void report(String what, long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: p50 %d, p99 %d, max %d over %d runs%n", what, sorted[sorted.length / 2],
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[sorted.length - 1], sorted.length);
    }
}
