package org.mysqldiscovery.sandbox.scenario;

import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.SCHEMA;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.await;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.millisSince;
import static org.mysqldiscovery.sandbox.scenario.FailoverScenarios.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.suite.MysqlHost;
import org.mysqldiscovery.sandbox.suite.ProxySqlOutage;
import org.mysqldiscovery.sandbox.suite.ProgramJars;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.mysqldiscovery.sandbox.zookeeper.ZooKeeperEnsemble;

/** Scenarios 3 to 8: what happens around a failover that users fear most. */
final class ResilienceScenarios {
    private final RunContext context;
    private final Suite suite;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ResilienceScenarios(RunContext context) {
        this.context = context;
        this.suite = context.suite;
    }

    /**
     * 3. After an unplanned failover the old primary comes back writable (as Orchestrator leaves it): it stays
     * quarantined, is fenced and never routed; the operator re-points it, makes it a replica and clears the
     * quarantine with the CLI; then it returns as a replica.
     */
    ScenarioReport.Run returningPrimary(int run, FailoverScenarios failovers) {
        List<String> problems = new ArrayList<>();
        // No writer through this failover: a primary killed mid-write can keep transactions its replicas never
        // got (errant GTIDs; an operator rebuilds such a server). Scenario 2 covers writes through a failover.
        ScenarioReport.Run failover = failovers.unplannedFailover(run, 1_000_000L * run, new ArrayList<>(),
                new ArrayList<>(), false, false);
        if (!failover.passed()) {
            problems.add("the failover before it failed: " + failover.reason());
        }
        String oldInstance = (String) failover.facts().get("oldPrimary");
        MysqlHost old = suite.host(oldInstance);
        MariaDbCluster cluster = old.cluster();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        Map<String, Long> timeline = new LinkedHashMap<>();
        // Orchestrator never fences a crashed primary that comes back: it returns writable.
        cluster.start(old.server(), false);
        old.startAgents();
        timeline.put("oldPrimaryRestartedWritable", millisSince(t0));
        await("the returning primary is fenced (read_only=ON)", Duration.ofSeconds(20), () -> old.server().readOnly());
        timeline.put("fenced", millisSince(t0));
        if (!context.quarantined(oldInstance)) {
            problems.add("the returning primary is not quarantined");
        }
        // Operator: re-point it, demote its role file through its role agent, then clear the quarantine.
        cluster.repoint(old.server());
        int demote = putRole(old, "replica", "operator re-pointed the old primary");
        if (demote != 200) {
            problems.add("PUT /v1/role replica answered " + demote);
        }
        if (!suite.routes().timesListed(suite.writerHostgroup(SCHEMA), oldInstance, started).isEmpty()
                || !suite.routes().timesListed(suite.replicaHostgroup(SCHEMA), oldInstance, started).isEmpty()) {
            problems.add("the quarantined old primary was routed");
        }
        var agent = cluster.agentCredentials();
        String cli = cli("quarantine", "clear", oldInstance, "--reason", "checked by the sandbox operator",
                "--schema", SCHEMA, "--mysql-user", agent.user(), "--mysql-password-file",
                agent.passwordFile().toString());
        timeline.put("quarantineCleared", millisSince(t0));
        if (context.quarantined(oldInstance)) {
            problems.add("quarantine clear did not clear: " + cli);
        } else {
            try {
                await("the old primary returns as a replica", Duration.ofSeconds(20),
                        () -> context.readers(SCHEMA).contains(oldInstance));
            } catch (IllegalStateException e) {
                problems.add(e.getMessage() + " (" + cli + "; " + diagnose(old) + ")");
            }
        }
        timeline.put("routedAsReplica", millisSince(t0));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("oldPrimary", oldInstance);
        facts.put("cli", cli);
        return run(run, problems, timeline, facts);
    }

    /** 4. A MySQL host dies (health agent and mysqld killed with -9): removed within the session timeout. */
    ScenarioReport.Run hostDeath(int run) {
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        MysqlHost victim = suite.host(cluster.replicas().get(cluster.replicas().size() - 1).instance());
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        victim.kill9();
        timeline.put("hostKilled", 0L);
        await("the dead host leaves ProxySQL", Duration.ofSeconds(30),
                () -> !context.readers(SCHEMA).contains(victim.instance()));
        long removed = suite.routes().history().stream()
                .filter(s -> !s.at().isBefore(started) && !s.hostgroup(suite.replicaHostgroup(SCHEMA))
                        .contains(victim.instance()))
                .findFirst().map(s -> Duration.between(started, s.at()).toMillis()).orElse(millisSince(t0));
        timeline.put("removedFromProxySql", removed);
        long budget = suite.settings().sessionTimeoutMillis() + 300L + suite.settings().tickTimeMillis();
        Map<String, Object> facts = new LinkedHashMap<>();
        // Budget: session timeout + 300 ms (+1 tick).
        Budget.check("deadHostRemovedMs", removed, budget, problems, facts);
        // The host comes back: mysqld, replication, agents; it rejoins by itself.
        cluster.start(victim.server(), true);
        cluster.repoint(victim.server());
        victim.startAgents();
        await("the host rejoins", Duration.ofSeconds(30), () -> context.readers(SCHEMA).contains(victim.instance()));
        timeline.put("rejoined", millisSince(t0));
        facts.put("host", victim.instance());
        facts.put("budgetMs", budget);
        return run(run, problems, timeline, facts);
    }

    /** 5. ZooKeeper: one member down changes nothing; quorum lost removes nothing; quorum back converges. */
    ScenarioReport.Run zookeeperOutage(int run) {
        ZooKeeperEnsemble ensemble = suite.sandbox().zookeeper();
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        if (ensemble.size() < 3) {
            problems.add("needs a 3-node ensemble (--zookeeper-nodes 3)");
            return run(run, problems, timeline, Map.of());
        }
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        Map<Integer, Set<String>> before = suite.routes().latest().online();
        Map<String, Set<String>> registeredBefore = suite.registrations();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        ensemble.stop(0);
        timeline.put("oneMemberDown", millisSince(t0));
        hold(Duration.ofMillis(suite.settings().sessionTimeoutMillis() + 1000L));
        if (!suite.routes().latest().online().equals(before)) {
            problems.add("ProxySQL changed with one ZooKeeper member down: " + suite.routes().latest().online());
        }
        ensemble.stop(1);
        timeline.put("quorumLost", millisSince(t0));
        // Longer than the session timeout: sessions cannot expire without a quorum; the sync must stay blind.
        hold(Duration.ofMillis(2L * suite.settings().sessionTimeoutMillis() + 1000L));
        if (!suite.routes().latest().online().equals(before)) {
            problems.add("ProxySQL changed while ZooKeeper had no quorum: " + suite.routes().latest().online());
        }
        for (MysqlHost host : suite.hosts()) {
            if (healthStatus(host) < 0) {
                problems.add("health agent of " + host.instance() + " stopped answering /health");
            }
        }
        timeline.put("agentsAnswered", millisSince(t0));
        ensemble.start(0);
        ensemble.start(1);
        timeline.put("quorumBack", millisSince(t0));
        await("every registration is back and ProxySQL converged", Duration.ofSeconds(60),
                () -> suite.registrations().equals(registeredBefore)
                        && suite.routes().latest().online().equals(before));
        timeline.put("converged", millisSince(t0));
        if (suite.routes().history().stream().anyMatch(s -> !s.at().isBefore(started)
                && !s.online().equals(before))) {
            problems.add("ProxySQL's runtime changed during the outage");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("registrations", registeredBefore);
        return run(run, problems, timeline, facts);
    }

    /**
     * 5b. Every ZooKeeper member paused (SIGSTOP) well past the session timeout, then resumed: sessions expire and
     * agents re-register one by one while the sync already trusts its re-read view. No live server may leave
     * ProxySQL's runtime (the route monitor polls it every millisecond, finer than the 50 ms the issue asks); a
     * server that really died during the pause is removed, but only once the sync's settle window has closed.
     */
    ScenarioReport.Run zookeeperPause(int run) {
        ZooKeeperEnsemble ensemble = suite.sandbox().zookeeper();
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        MysqlHost victim = suite.host(cluster.replicas().get(cluster.replicas().size() - 1).instance());
        Map<Integer, Set<String>> before = suite.routes().latest().online();
        Map<Integer, Set<String>> live = new java.util.TreeMap<>();
        before.forEach((hg, servers) -> live.put(hg, servers.stream()
                .filter(s -> !s.equals(victim.instance())).collect(java.util.stream.Collectors.toSet())));
        long pauseMillis = 4L * suite.settings().sessionTimeoutMillis() + 2_000L;
        facts.put("victim", victim.instance());
        facts.put("pauseMs", pauseMillis);
        facts.put("before", before);
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        Instant resumedAt;
        try {
            for (var member : ensemble.members()) {
                signal(member.pid(), "STOP");
            }
            timeline.put("zookeeperPaused", millisSince(t0));
            // A server that really dies while nobody can tell ZooKeeper: agents and mysqld gone.
            victim.kill9();
            timeline.put("victimKilled", millisSince(t0));
            hold(Duration.ofMillis(pauseMillis));
        } finally {
            for (var member : ensemble.members()) {
                signal(member.pid(), "CONT");
            }
            resumedAt = Instant.now();
        }
        timeline.put("zookeeperResumed", millisSince(t0));
        // Watch the sync's settle window and the registrations coming back.
        Instant settleUntil = null;
        int fewestRegistered = Integer.MAX_VALUE;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && context.readers(SCHEMA).contains(victim.instance())) {
            Instant until = settlingUntil();
            if (until != null && settleUntil == null) {
                settleUntil = until;
                timeline.put("settleWindowSeen", millisSince(t0));
            }
            fewestRegistered = Math.min(fewestRegistered, suite.registrations().values().stream()
                    .mapToInt(Set::size).sum());
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        facts.put("fewestRegistrationsAfterResume", fewestRegistered);
        Instant removedAt = suite.routes().history().stream()
                .filter(snap -> !snap.at().isBefore(started)
                        && !snap.hostgroup(suite.replicaHostgroup(SCHEMA)).contains(victim.instance()))
                .findFirst().map(RouteMonitor.Snapshot::at).orElse(null);
        if (removedAt == null) {
            problems.add("the server killed during the pause was never removed from ProxySQL");
        } else {
            timeline.put("victimRemoved", Duration.between(started, removedAt).toMillis());
            if (removedAt.isBefore(resumedAt)) {
                problems.add("ProxySQL changed while ZooKeeper was paused (the sync must be blind)");
            }
        }
        if (settleUntil == null) {
            problems.add("the sync never reported an open settle window after ZooKeeper resumed (/status settle)");
        } else {
            facts.put("settleUntil", settleUntil.toString());
            if (removedAt != null && removedAt.isBefore(settleUntil)) {
                problems.add("the dead server was removed at " + removedAt + ", before the settle window closed at "
                        + settleUntil);
            }
        }
        // The heart of it: at no sample did a live server leave its hostgroup.
        List<String> dips = new ArrayList<>();
        for (RouteMonitor.Snapshot snap : suite.routes().history()) {
            if (snap.at().isBefore(started)) {
                continue;
            }
            live.forEach((hg, servers) -> servers.stream().filter(server -> !snap.hostgroup(hg).contains(server))
                    .forEach(server -> dips.add(server + " left hostgroup " + hg + " at " + snap.at())));
        }
        if (!dips.isEmpty()) {
            problems.add("live servers left ProxySQL's runtime: " + dips.subList(0, Math.min(5, dips.size())));
        }
        facts.put("runtimeChanges", suite.routes().history().stream().filter(snap -> !snap.at().isBefore(started))
                .count());
        // The victim comes back and rejoins by itself (and the suite is whole for whatever follows).
        cluster.start(victim.server(), true);
        cluster.repoint(victim.server());
        victim.startAgents();
        await("the killed host rejoins", Duration.ofSeconds(60),
                () -> context.readers(SCHEMA).contains(victim.instance()));
        timeline.put("victimRejoined", millisSince(t0));
        return run(run, problems, timeline, facts);
    }

    /** The sync's open settle window ({@code GET /status} → settle.until), or null when closed or unreadable. */
    private Instant settlingUntil() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(suite.syncUrl() + "/status"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            var settle = org.mysqldiscovery.common.model.PayloadCodec.mapper().readTree(response.body()).path("settle");
            if (!settle.path("open").asBoolean(false) || settle.path("until").isMissingNode()) {
                return null;
            }
            return Instant.parse(settle.path("until").asText()); // ISO-8601: dates are not written as numbers
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends a signal (STOP, CONT) to a process of the suite. */
    private static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }

    /** 6. A wrong role file makes a second primary: that schema is frozen and paged; fixed → resolved. */
    ScenarioReport.Run doublePrimary(int run, String otherSchema) {
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        context.awaitSteady(otherSchema, Duration.ofSeconds(30));
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        MysqlHost wrong = suite.host(cluster.replicas().get(0).instance());
        MysqlHost primary = suite.primaryHost(SCHEMA);
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        Map<Integer, Set<String>> before = suite.routes().latest().online();
        suite.pager().clear();
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        cluster.setReadOnly(wrong.server(), false);
        writeRole(wrong, Role.PRIMARY);
        timeline.put("wrongRoleFileWritten", 0L);
        await("two primaries registered", Duration.ofSeconds(10),
                () -> context.registered(SCHEMA, Role.PRIMARY, wrong.instance()));
        timeline.put("secondPrimaryRegistered", millisSince(t0));
        await("the double primary is paged", Duration.ofSeconds(15),
                () -> !suite.pager().events("trigger", SCHEMA).isEmpty());
        timeline.put("paged", millisSince(t0));
        // Meanwhile the other schema keeps syncing: one of its replicas leaves and must leave ProxySQL.
        MariaDbCluster other = suite.sandbox().cluster(otherSchema);
        MysqlHost otherReplica = suite.host(other.replicas().get(0).instance());
        other.stopReplication(otherReplica.server());
        await("the other schema still syncs", Duration.ofSeconds(10),
                () -> !context.readers(otherSchema).contains(otherReplica.instance()));
        timeline.put("otherSchemaSynced", millisSince(t0));
        if (!suite.routes().timesListed(suite.writerHostgroup(SCHEMA), wrong.instance(), started).isEmpty()) {
            problems.add("the second primary was routed as a writer");
        }
        if (!context.writers(SCHEMA).equals(before.getOrDefault(suite.writerHostgroup(SCHEMA), Set.of()))) {
            problems.add("the frozen schema's writer hostgroup changed: " + context.writers(SCHEMA));
        }
        // Fix the role file: the page resolves, the schema syncs again.
        writeRole(wrong, Role.REPLICA);
        cluster.setReadOnly(wrong.server(), true);
        other.startReplication(otherReplica.server());
        await("the page is resolved", Duration.ofSeconds(15),
                () -> !suite.pager().events("resolve", SCHEMA).isEmpty());
        timeline.put("resolved", millisSince(t0));
        context.awaitSteady(SCHEMA, Duration.ofSeconds(20));
        context.awaitSteady(otherSchema, Duration.ofSeconds(20));
        timeline.put("steadyAgain", millisSince(t0));
        long triggers = suite.pager().events("trigger", SCHEMA).stream()
                .filter(e -> e.dedupKey().contains("double") || e.dedupKey().contains("primar")).count();
        if (triggers != 1) {
            problems.add("expected exactly one double-primary trigger, got " + suite.pager().events());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("primary", primary.instance());
        facts.put("wrongPrimary", wrong.instance());
        facts.put("pages", suite.pager().events().stream().map(e -> e.action() + " " + e.dedupKey()).toList());
        return run(run, problems, timeline, facts);
    }

    /** 7. ProxySQL's admin is down during a failover: the sync converges when it comes back. */
    ScenarioReport.Run proxysqlOutage(int run, FailoverScenarios failovers) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        if (context.proxySqlOutage.isEmpty()) {
            problems.add("needs the ProxySQL admin stand-in or a way to take the real ProxySQL down (ProxySqlOutage)");
            return run(run, problems, timeline, Map.of());
        }
        ProxySqlOutage outage = context.proxySqlOutage.get();
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        MysqlHost old = suite.primaryHost(SCHEMA);
        MysqlHost successor = suite.host(cluster.replicas().get(0).instance());
        long t0 = System.nanoTime();
        outage.takeDown();
        timeline.put("adminDown", 0L);
        cluster.promote(successor.server());
        List<HookRunner.Outcome> post = HookRunner.run(suite.hookLines().lines(HookLines.POST_MASTER_FAILOVER),
                context.placeholders(old, successor, true, RunContext.recoveryUid()));
        timeline.put("hooksFinished", millisSince(t0));
        if (post.stream().anyMatch(o -> o.exitCode() != 0 && !o.line().contains("|| true"))) {
            problems.add("promotion hook failed: " + post);
        }
        await("the new primary is registered", Duration.ofSeconds(10),
                () -> context.registered(SCHEMA, Role.PRIMARY, successor.instance()));
        try {
            outage.bringBack();
        } catch (RuntimeException e) {
            problems.add("cannot bring ProxySQL back: " + e.getMessage());
            return run(run, problems, timeline, Map.of());
        }
        long back = System.nanoTime();
        timeline.put("adminBack", millisSince(t0));
        await("ProxySQL routes the new primary once its admin is back", Duration.ofSeconds(30),
                () -> context.writers(SCHEMA).equals(Set.of(successor.instance())));
        timeline.put("routed", millisSince(t0));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("newPrimary", successor.instance());
        facts.put("adminBackToRoutedMs", (System.nanoTime() - back) / 1_000_000);
        return run(run, problems, timeline, facts);
    }

    /**
     * 8. A replica's role file starts blocking (replaced by a FIFO: what a hung NFS or a dying disk does to
     * {@code open()}), then replication stops on that replica: the replica leaves ProxySQL within the health agent's
     * watchdog bound, its {@code /health} says why, and both agents keep answering; the file restored, it returns.
     */
    ScenarioReport.Run blockingRoleFile(int run) {
        context.awaitSteady(SCHEMA, Duration.ofSeconds(30));
        MariaDbCluster cluster = suite.sandbox().cluster(SCHEMA);
        MysqlHost victim = suite.host(cluster.replicas().get(cluster.replicas().size() - 1).instance());
        List<String> problems = new ArrayList<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        Path roleFile = new RoleDirectory(victim.roleDirectory()).roleFile();
        long watchdogMillis = suite.settings().checkIntervalMillis() + 2L * 500; // the agents' default bound
        long budget = watchdogMillis + 300;
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        try {
            java.nio.file.Files.delete(roleFile);
            Process mkfifo = new ProcessBuilder("mkfifo", roleFile.toString()).redirectErrorStream(true).start();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                problems.add("mkfifo " + roleFile + " failed");
                return run(run, problems, timeline, Map.of());
            }
        } catch (IOException e) {
            problems.add("cannot replace the role file by a FIFO: " + e.getMessage());
            return run(run, problems, timeline, Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
            return run(run, problems, timeline, Map.of());
        }
        timeline.put("roleFileBlocks", 0L);
        cluster.stopReplication(victim.server());
        timeline.put("replicationStopped", millisSince(t0));
        await("the replica with a blocking role file leaves ProxySQL", Duration.ofSeconds(30),
                () -> !context.readers(SCHEMA).contains(victim.instance()));
        long removed = suite.routes().history().stream()
                .filter(s -> !s.at().isBefore(started) && !s.hostgroup(suite.replicaHostgroup(SCHEMA))
                        .contains(victim.instance()))
                .findFirst().map(s -> Duration.between(started, s.at()).toMillis()).orElse(millisSince(t0));
        timeline.put("removedFromProxySql", removed);
        if (removed > budget) {
            problems.add("removed after " + removed + " ms > watchdog bound + 300 ms = " + budget + " ms");
        }
        // Both agents keep answering, and the health agent says why it does not vouch.
        long h0 = System.nanoTime();
        String health = healthBody(victim.healthUrl() + "/health");
        timeline.put("healthAnsweredMs", millisSince(h0));
        if (health == null || !health.contains("FIFO")) {
            problems.add("the health agent's /health does not name the blocking role file: " + health);
        }
        long r0 = System.nanoTime();
        String roleHealth = healthBody(victim.roleAgentUrl() + "/health");
        timeline.put("roleAgentHealthAnsweredMs", millisSince(r0));
        if (roleHealth == null || !roleHealth.contains("FIFO")) {
            problems.add("the role agent's /health does not name the blocking role file: " + roleHealth);
        }
        if (!victim.health().isAlive() || !victim.role().isAlive()) {
            problems.add("an agent died with a blocking role file");
        }
        // Restore the file and replication: the replica returns by itself.
        try {
            java.nio.file.Files.delete(roleFile);
        } catch (IOException e) {
            problems.add("cannot remove the FIFO: " + e.getMessage());
        }
        writeRole(victim, Role.REPLICA);
        cluster.startReplication(victim.server());
        timeline.put("restored", millisSince(t0));
        try {
            await("the replica returns once its role file is back", Duration.ofSeconds(30),
                    () -> context.readers(SCHEMA).contains(victim.instance()));
        } catch (IllegalStateException e) {
            problems.add(e.getMessage() + " (" + diagnose(victim) + ")");
        }
        timeline.put("returned", millisSince(t0));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("replica", victim.instance());
        facts.put("watchdogBoundMs", watchdogMillis);
        facts.put("budgetMs", budget);
        facts.put("health", health);
        return run(run, problems, timeline, facts);
    }

    /** The body of a GET (null when it does not answer within 2 s: an agent blocked on the file system). */
    private String healthBody(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void writeRole(MysqlHost host, Role role) {
        try {
            new RoleDirectory(host.roleDirectory()).writeRole(role);
        } catch (RoleFileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** What an operator would look at when a host does not come back: its replication, role file and registration. */
    private String diagnose(MysqlHost host) {
        List<String> facts = new ArrayList<>();
        try {
            facts.add("replication " + host.server().replicaStatus().map(Object::toString).orElse("not configured"));
        } catch (RuntimeException e) {
            facts.add("replication unreadable: " + e.getMessage());
        }
        try {
            facts.add("role file " + new RoleDirectory(host.roleDirectory()).readRole().token());
        } catch (RoleFileException e) {
            facts.add("role file unreadable: " + e.getMessage());
        }
        facts.add("registered as replica " + context.registered(SCHEMA, Role.REPLICA, host.instance()));
        facts.add("health " + healthStatus(host));
        return String.join(", ", facts);
    }

    private int putRole(MysqlHost host, String role, String reason) {
        String body = "{\"role\":\"" + role + "\",\"instance\":\"" + host.instance() + "\",\"reason\":\"" + reason
                + "\"}";
        try {
            String token = java.nio.file.Files.readString(suite.tokenFile()).trim();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(host.roleAgentUrl()
                            + "/v1/role")).timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int healthStatus(MysqlHost host) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(host.healthUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs the operator CLI as a process, as an operator would. */
    private String cli(String... args) {
        Path jar = ProgramJars.discover().require(ProgramJars.CLI);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", suite.operatorCliConfig().toString(), "--zookeeper",
                suite.sandbox().zookeeper().connectString(), "--root", suite.sandbox().zookeeperRoot()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out: " + output;
            }
            return "exit " + process.exitValue() + ": " + output.trim();
        } catch (IOException e) {
            return "cannot run the CLI: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Observes for a while (the point is that nothing changes); the route monitor records meanwhile. */
    private static void hold(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        Suite.await("observation window of " + duration.toMillis() + " ms", duration.plusSeconds(1),
                () -> System.nanoTime() >= until);
    }
}
