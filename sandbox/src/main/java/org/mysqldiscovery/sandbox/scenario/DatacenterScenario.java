package org.mysqldiscovery.sandbox.scenario;

import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.SCHEMA;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.await;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.millisSince;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.run;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sandbox.SchemaSpec;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.suite.MysqlHost;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.mysqldiscovery.sandbox.suite.SuiteSettings;

/**
 * Issue 18 on the sandbox: schema {@code orders} with its primary and one replica in {@code east}, one replica in
 * {@code west}, and the sync (its ProxySQL) in {@code east} with remote replicas at weight 1.
 * <ol>
 *   <li>Reads prefer the local datacenter: the east replica at the role's weight, the west one at weight 1.</li>
 *   <li>The east replica's host dies: the west replica takes the reads at full weight (the fallback).</li>
 *   <li>The primary's host dies too. Orchestrator's PreFailoverProcesses (the shipped line, {@code {successorHost}}
 *       left literal as Orchestrator leaves it there) asks {@code mysql-discovery serve}, which remembers that the
 *       primary was in east although its registration is gone: the only fit replica is in west, so the precheck
 *       refuses (exit 1, cross-datacenter).</li>
 *   <li>Promoted anyway (an operator's manual takeover, or an Orchestrator without
 *       {@code PreventCrossDataCenterMasterFailover}), through the shipped PostMasterFailoverProcesses lines: the new
 *       primary is routed, and the sync pages {@code primary-moved-datacenter} exactly once.</li>
 * </ol>
 */
final class DatacenterScenario {
    static final String EAST = "east";
    static final String WEST = "west";

    private final RunContext context;
    private final Suite suite;

    DatacenterScenario(RunContext context) {
        this.context = context;
        this.suite = context.suite;
    }

    /** The suite this scenario needs: primary and a replica in east, a replica in west, the sync in east. */
    static SuiteSettings settings(SuiteSettings base) {
        return base.withSchemas(List.of(new SchemaSpec(SCHEMA, 3, 0)))
                .withDatacenters(new SuiteSettings.Datacenters(List.of(EAST, EAST, WEST), EAST, "weight"));
    }

    ScenarioReport.Run twoDatacenters(int run) {
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        MysqlHost primary = suite.primaryHost(SCHEMA);
        MysqlHost local = suite.host(cluster.servers().get(1).instance());
        MysqlHost remote = suite.host(cluster.servers().get(2).instance());
        int readers = suite.replicaHostgroup(SCHEMA);
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        suite.pager().clear();
        long t0 = System.nanoTime();

        // 1. Local first.
        Map<String, Integer> expected = Map.of(local.instance(), 1000, remote.instance(), 1);
        try {
            await("reads prefer east: " + expected, Duration.ofSeconds(20), () -> expected.equals(weights(readers)));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage() + ", ProxySQL has " + weights(readers));
        }
        facts.put("readersWhileLocalHealthy", weights(readers));
        timeline.put("localPreferred", millisSince(t0));

        // 2. The local replica goes: the remote one takes the reads.
        local.kill9();
        Map<String, Integer> fallback = Map.of(remote.instance(), 1000);
        try {
            await("reads fall back to west: " + fallback, Duration.ofSeconds(30),
                    () -> fallback.equals(weights(readers)));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage() + ", ProxySQL has " + weights(readers));
        }
        facts.put("readersAfterLocalLoss", weights(readers));
        timeline.put("remoteFallback", millisSince(t0));

        // 3. The primary dies; the precheck (through serve) refuses a promotion that can only cross datacenters.
        primary.kill9();
        await("the dead primary's registration is gone", Duration.ofSeconds(30),
                () -> !context.registered(SCHEMA, Role.PRIMARY, primary.instance()));
        timeline.put("primaryGone", millisSince(t0));
        Map<String, String> placeholders = new LinkedHashMap<>(context.placeholders(primary, remote, false,
                RunContext.recoveryUid()));
        // Orchestrator does not substitute these before the promotion: the line gets the literal text.
        placeholders.remove("successorHost");
        placeholders.remove("successorPort");
        List<HookRunner.Outcome> precheck = HookRunner.run(suite.hookLines().lines(HookLines.PRE_FAILOVER),
                placeholders);
        timeline.put("precheckAnswered", millisSince(t0));
        HookRunner.Outcome verdict = precheck.get(0);
        facts.put("precheckExit", verdict.exitCode());
        facts.put("precheckMillis", verdict.millis());
        facts.put("precheckOutput", verdict.output().length() > 2000 ? verdict.output().substring(0, 2000)
                : verdict.output());
        if (verdict.exitCode() != 1 || !verdict.output().contains("cross-datacenter promotion")) {
            problems.add("the precheck did not refuse the cross-datacenter promotion (exit " + verdict.exitCode()
                    + "): " + verdict.output());
        }
        if (verdict.output().contains("did not answer")) {
            problems.add("the precheck line fell back to the command: serve did not answer");
        }

        // 4. Promoted anyway: routed, and paged once as primary-moved-datacenter.
        cluster.promote(remote.server());
        List<HookRunner.Outcome> post = HookRunner.run(suite.hookLines().lines(HookLines.POST_MASTER_FAILOVER),
                context.placeholders(primary, remote, false, RunContext.recoveryUid()));
        if (post.stream().anyMatch(o -> o.exitCode() != 0 && !o.line().contains("|| true"))) {
            problems.add("promotion hook failed: " + post);
        }
        try {
            await("the west primary is routed", Duration.ofSeconds(20),
                    () -> context.writers(SCHEMA).equals(java.util.Set.of(remote.instance())));
            timeline.put("crossDatacenterPrimaryRouted", millisSince(t0));
            await("primary-moved-datacenter is paged", Duration.ofSeconds(20),
                    () -> !suite.pager().events("trigger", "primary-moved-datacenter").isEmpty());
            timeline.put("paged", millisSince(t0));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        // Once: the passes after it (the quarantine the promotion wrote is one) keep the same incident open.
        long triggers = suite.pager().events("trigger", "primary-moved-datacenter").size();
        if (triggers != 1) {
            problems.add("expected one primary-moved-datacenter trigger, got " + suite.pager().events());
        }
        facts.put("pages", suite.pager().events().stream().map(e -> e.action() + " " + e.dedupKey()).toList());
        facts.put("primary", primary.instance());
        facts.put("localReplica", local.instance());
        facts.put("remoteReplica", remote.instance());
        return run(run, problems, timeline, facts);
    }

    /** Instance → weight of the ONLINE rows of a hostgroup in ProxySQL's runtime. */
    private Map<String, Integer> weights(int hostgroup) {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection admin = DriverManager.getConnection(suite.admin().jdbcUrl());
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT hostgroup_id, hostname, port, status, weight FROM"
                     + " runtime_mysql_servers")) {
            while (rows.next()) {
                if (rows.getInt(1) == hostgroup && "ONLINE".equals(rows.getString(4))) {
                    out.put(rows.getString(2) + ":" + rows.getInt(3), rows.getInt(5));
                }
            }
        } catch (SQLException e) {
            out.put("unreadable: " + e.getMessage(), -1);
        }
        return out;
    }
}
