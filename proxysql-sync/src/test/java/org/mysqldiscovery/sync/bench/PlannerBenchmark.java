package org.mysqldiscovery.sync.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.IncrementalPlanner;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.RoleDefaults;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.plan.Settling;
import org.mysqldiscovery.sync.plan.View;
import org.mysqldiscovery.sync.registry.ViewBuilder;
import org.mysqldiscovery.sync.registry.ViewRead;

/**
 * Planning 10,000 servers in 2,000 schemas (budget: 50 ms), and what a reconcile pass costs after one registration
 * changed role with the incremental planner (view from the cache + plan: what 100 syncs on two cores each pay per
 * change in the fleet benchmark, issue 16). Run it with the sync's production JIT flags
 * ({@code -XX:TieredStopAtLevel=1}) to see what a deployed sync pays. On demand, not in CI:
 * {@code ./mvnw -o -q -pl proxysql-sync test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.mysqldiscovery.sync.bench.PlannerBenchmark}
 */
public final class PlannerBenchmark {
    static final int SCHEMAS = 2_000;
    static final int PER_SCHEMA = 5; // 1 primary, 3 replicas, 1 reporting replica
    static final int WARMUP = 100;
    static final int RUNS = 300;

    private PlannerBenchmark() {
    }

    public static void main(String[] args) {
        Map<SchemaName, SchemaHostgroups> schemas = new LinkedHashMap<>();
        List<Member> members = new ArrayList<>();
        List<ViewBuilder.Node> nodes = new ArrayList<>();
        ZkLayout layout = ZkLayout.defaultLayout();
        for (int s = 0; s < SCHEMAS; s++) {
            SchemaName schema = SchemaName.of("schema" + s);
            schemas.put(schema, new SchemaHostgroups(10_000 + 3 * s, 10_001 + 3 * s, 10_002 + 3 * s));
            for (int i = 0; i < PER_SCHEMA; i++) {
                Role role = i == 0 ? Role.PRIMARY : i == 4 ? Role.REPORTING_REPLICA : Role.REPLICA;
                Instance instance = new Instance("10." + (s / 250) + "." + (s % 250) + "." + (i + 1), 3306);
                members.add(new Member(schema, role, instance, 0, 0));
                nodes.add(new ViewBuilder.Node(layout.registrationPath(schema, role, instance), s * 10L + i,
                        PayloadCodec.encode(Registration.ofMysql(instance, schema, role, "dc1", 0, 0,
                                Instant.EPOCH, "bench"))));
            }
        }
        Planner planner = new Planner(new HostgroupMap(schemas), RoleDefaults.standard(), 0.5);
        View view = new View(members, Set.of());
        List<ServerRow> steady = planner.plan(view, List.of()).desired();
        // A typical event: one replica left since the last apply.
        List<Member> oneLess = new ArrayList<>(members);
        oneLess.remove(2);
        View changed = new View(oneLess, Set.of());

        IncrementalPlanner incremental = new IncrementalPlanner(planner);
        List<ViewBuilder.Node> live = new ArrayList<>(nodes);
        ViewBuilder liveBuilder = new ViewBuilder(layout);
        List<ServerRow> applied = incremental.plan(liveBuilder.build(live, List.of()).view(), List.of(),
                Settling.NONE).desired();
        Histogram pass = Percentiles.histogram();

        Histogram cold = Percentiles.histogram();
        Histogram event = Percentiles.histogram();
        Histogram decode = Percentiles.histogram();
        ViewBuilder builder = new ViewBuilder(layout);
        long sink = 0;
        for (int run = 0; run < WARMUP + RUNS; run++) {
            long t0 = System.nanoTime();
            Plan first = planner.plan(view, List.of());
            long t1 = System.nanoTime();
            Plan second = planner.plan(changed, steady);
            long t2 = System.nanoTime();
            ViewRead read = builder.build(nodes, List.of());
            long t3 = System.nanoTime();
            // A role change as the health agent makes it: the replica's node goes, a reporting-replica node comes.
            int victim = 5 * (run % SCHEMAS) + 1;
            ViewBuilder.Node old = nodes.get(victim);
            Member member = members.get(victim);
            Role role = run / SCHEMAS % 2 == 0 ? Role.REPORTING_REPLICA : Role.REPLICA;
            live.set(victim, new ViewBuilder.Node(layout.registrationPath(member.schema(), role, member.instance()),
                    1_000_000L + run, PayloadCodec.encode(Registration.ofMysql(member.instance(), member.schema(),
                            role, "dc1", 0, 0, Instant.EPOCH, "bench"))));
            long t4 = System.nanoTime();
            Plan incrementalPlan = incremental.plan(liveBuilder.build(live, List.of()).view(), applied,
                    Settling.NONE);
            long t5 = System.nanoTime();
            applied = incrementalPlan.desired();
            sink += first.desired().size() + second.diff().size() + read.view().members().size()
                    + incrementalPlan.diff().size() + old.mzxid();
            if (run >= WARMUP) {
                cold.recordValue(t1 - t0);
                event.recordValue(t2 - t1);
                decode.recordValue(t3 - t2);
                pass.recordValue(t5 - t4);
            }
        }
        System.out.println("PlannerBenchmark: " + SCHEMAS + " schemas, " + members.size() + " servers, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + RUNS + " runs after " + WARMUP
                + " warm-up (checksum " + sink + ")");
        System.out.println(Percentiles.describe("plan from an empty ProxySQL (10,000 rows to write)", cold));
        System.out.println(Percentiles.describe("plan after one change (steady ProxySQL)", event));
        System.out.println(Percentiles.describe("view from 10,000 cached znodes (memoised decode)", decode));
        System.out.println(Percentiles.describe("a pass after one role change: view + incremental plan", pass));
    }
}
