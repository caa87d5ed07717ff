package org.mysqldiscovery.sandbox.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mysqldiscovery.common.hooks.HookLines;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sandbox.SandboxProgram;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;
import org.mysqldiscovery.sandbox.mysql.Promotion;
import org.mysqldiscovery.sandbox.suite.MysqlHost;
import org.mysqldiscovery.sandbox.suite.Suite;

/**
 * Issue 19's duplicate-execution defect, end to end: a planned switchover run as Orchestrator runs it (every shipped
 * hook list in its order, each line as the process it is in production) while writes are in flight on the old
 * primary. Two writers insert into a table with an AUTO_INCREMENT key and a non-unique write id, so a write executed
 * twice is a silent second row (the case the issue warns about), counted in MariaDB on the final primary.
 *
 * <p>The writes are held in flight deterministically, not by chance: a {@code LOCK TABLES … WRITE} on the old primary
 * holds both writers' INSERTs inside MariaDB before the first hook line runs (ConnUsed 2 in the stand-in's pool), and
 * the lock is released as soon as the old primary is no longer an ONLINE writer in ProxySQL's runtime:
 * <ul>
 *   <li>drain on (the sync's default): the sync set it {@code OFFLINE_SOFT} and waits for ConnUsed 0; the INSERTs
 *       finish there, once, then the row goes and the drain is confirmed;</li>
 *   <li>drain off ({@code proxysql.drainInFlightMaxMillis: 0}, the logged opt-out): the sync removed the row at once,
 *       ProxySQL lost both answers and re-sends both INSERTs to the next writer after the promotion
 *       (docs/reference/proxysql-admin.md, "In-flight writes when a writer leaves the hostgroup"): each write is on
 *       the final primary twice. The check "no write executed twice" fails there, as it must.</li>
 * </ul>
 */
final class InFlightWriteScenarios {
    static final String DRAIN_ON = "in-flight-write-switchover";
    static final String DRAIN_OFF = "in-flight-write-switchover-drain-off";
    /** The check the drain exists for; the drain-off scenario must fail it (and the IT asserts it does). */
    static final String NO_WRITE_EXECUTED_TWICE = "no write executed twice";
    /** AUTO_INCREMENT key, the write id not unique: a re-executed INSERT is a second row, not a 1062 error. */
    static final String REQUESTS_TABLE = MariaDbCluster.SANDBOX_DATABASE + ".e2e_requests";
    static final int WRITERS = 2;
    private static final Pattern DRAIN_SETTING = Pattern.compile("(?m)^(\\s+drainInFlightMaxMillis:)\\s*\\d+\\s*$");
    private static final Pattern WRITE_ID = Pattern.compile("VALUES\\s*\\(\\s*(\\d+)");
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private final RunContext context;
    private final Suite suite;

    InFlightWriteScenarios(RunContext context) {
        this.context = context;
        this.suite = context.suite;
    }

    /**
     * One planned switchover with {@link #WRITERS} writes held in flight on the old primary when the drain starts.
     *
     * @param drainOff turn the sync's writer drain off first (rewrites its config, restarts it: the opt-out is logged)
     */
    ScenarioReport.Run switchover(int run, boolean drainOff, List<Long> hookToRouted,
            List<ScenarioReport.WriteStats> writes) {
        String schema = FailoverScenarios.SCHEMA;
        Map<String, Object> facts = new LinkedHashMap<>();
        Map<String, Long> timeline = new LinkedHashMap<>();
        long restartStart = System.nanoTime();
        facts.put("drainInFlightMaxMillis", drainOff ? turnTheDrainOff() : configuredDrainMillis());
        if (drainOff) {
            facts.put("syncRestartMs", FailoverScenarios.millisSince(restartStart));
        }
        prepareRequestsTable(schema);
        context.awaitSteady(schema, Duration.ofSeconds(30));
        // A sync that just (re)started holds the removal of a server whose registration predates its settle window
        // (2 × the session timeout): a drain then would wait for the window, not for the writes. Start settled.
        long settleStart = System.nanoTime();
        FailoverScenarios.await("the sync is healthy and its settle window closed", STEP_TIMEOUT,
                () -> syncHealth().map(body -> !body.contains("settlingUntil")).orElse(false));
        facts.put("waitedForTheSyncToSettleMs", FailoverScenarios.millisSince(settleStart));
        MariaDbCluster cluster = suite.sandbox().cluster(schema);
        MysqlHost old = suite.primaryHost(schema);
        MysqlHost successor = suite.host(FailoverScenarios.nextInLine(cluster).instance());
        facts.put("oldPrimary", old.instance());
        facts.put("newPrimary", successor.instance());
        List<String> problems = new ArrayList<>();
        Map<String, Boolean> checks = new LinkedHashMap<>();

        List<WriterClient> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(new WriterClient(router(schema), REQUESTS_TABLE, Duration.ofMillis(5),
                    9_000_000_000L + 100_000_000L * w + 1_000_000L * run).start());
        }
        // Stopped whatever happens: a writer left running would spin against a suite that is gone.
        try {
            FailoverScenarios.await("the writers acknowledge writes",
                    () -> writers.stream().allMatch(w -> w.acknowledgedCount() > 5));

            Map<String, Long> listsMs = new LinkedHashMap<>();
            List<HookRunner.Outcome> drain;
            List<Long> inFlightIds;
            long t0;
            Instant started;
            long drainConfirmedAt;
            Map<Long, Long> onOldPrimaryAtConfirmation;
            try (Connection locker = old.server().connect(); Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLES " + REQUESTS_TABLE + " WRITE");
                FailoverScenarios.await("both writers' INSERTs wait inside MariaDB on " + old.instance()
                        + " (in flight)", () -> inFlight(lock).size() == WRITERS);
                inFlightIds = inFlight(lock);
                facts.put("inFlightWriteIds", inFlightIds);
                // What the drain waits on, as the sync reads it (the stand-in's pool, or a real ProxySQL's).
                facts.put("connUsedOnOldPrimaryBeforeTheDrain",
                        connUsed(suite.writerHostgroup(schema), old.instance()));
                t0 = System.nanoTime();
                started = Instant.now();
                timeline.put("hookStarted", 0L);
                // PreGracefulTakeoverProcesses (the drain) in the background: with the drain on it cannot finish before
                // the writes it waits for, and they wait for the lock this thread releases.
                Map<String, String> pre = context.placeholders(old, successor, true, "");
                CompletableFuture<List<HookRunner.Outcome>> drainHook = CompletableFuture.supplyAsync(
                        () -> timed(HookLines.PRE_GRACEFUL_TAKEOVER, pre, listsMs));
                CompletableFuture<Map<Long, Long>> atConfirmation = drainHook.thenApply(
                        outcomes -> rowsPerId(old.server(), inFlightIds));
                FailoverScenarios.await(old.instance() + " is no longer an ONLINE writer in ProxySQL's runtime",
                        STEP_TIMEOUT, () -> !context.writers(schema).contains(old.instance()) || drainHook.isDone());
                timeline.put("oldPrimaryLeftOnlineWriters", FailoverScenarios.millisSince(t0));
                lock.execute("UNLOCK TABLES");
                timeline.put("lockReleased", FailoverScenarios.millisSince(t0));
                FailoverScenarios.await("the in-flight INSERTs have left MariaDB's processlist",
                        () -> inFlight(lock).isEmpty());
                timeline.put("inFlightWritesDone", FailoverScenarios.millisSince(t0));
                drain = drainHook.join();
                drainConfirmedAt = System.nanoTime();
                onOldPrimaryAtConfirmation = atConfirmation.join();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot hold writes in flight on " + old.instance() + ": "
                        + e.getMessage(), e);
            }
            timeline.put("drainHookExited", (drainConfirmedAt - t0) / 1_000_000);
            facts.put("inFlightRowsOnOldPrimaryWhenTheDrainHookExited", onOldPrimaryAtConfirmation);
            checks.put("the drain hook succeeded", drain.stream().allMatch(o -> o.exitCode() == 0));
            // Issue 19's order: the drain is confirmed only after the writes in flight completed on the old primary.
            // (Without the drain it may or may not be: that race is reported, not checked.)
            if (!drainOff) {
                checks.put("the drain was confirmed after the in-flight writes committed on the old primary",
                        inFlightIds.stream().allMatch(id -> onOldPrimaryAtConfirmation.getOrDefault(id, 0L) == 1));
            }

            // The rest of the takeover, in Orchestrator's order.
            Map<String, String> recovery = context.placeholders(old, successor, true, RunContext.recoveryUid());
            List<HookRunner.Outcome> detection = timed(HookLines.ON_FAILURE_DETECTION, recovery, listsMs);
            List<HookRunner.Outcome> precheck = timed(HookLines.PRE_FAILOVER, recovery, listsMs);
            checks.put("the pre-failover hooks let the switchover proceed",
                    detection.stream().allMatch(o -> o.exitCode() == 0)
                            && precheck.stream().allMatch(o -> o.exitCode() == 0));
            Promotion promotion = cluster.promote(successor.server());
            timeline.put("promoted", FailoverScenarios.millisSince(t0));
            facts.put("promotionMs", promotion.took().toMillis());
            List<HookRunner.Outcome> post = timed(HookLines.POST_MASTER_FAILOVER, recovery, listsMs);
            checks.put("the promotion hooks succeeded",
                    post.stream().allMatch(o -> o.exitCode() == 0 || o.line().contains("|| true")));
            timed(HookLines.POST_FAILOVER, recovery, listsMs);
            timed(HookLines.POST_GRACEFUL_TAKEOVER, recovery, listsMs);
            timeline.put("allHooksFinished", FailoverScenarios.millisSince(t0));
            facts.put("hookListsMs", listsMs);
            FailoverScenarios.await("ProxySQL routes writes to " + successor.instance(),
                    () -> context.writers(schema).equals(Set.of(successor.instance())));
            FailoverScenarios.await("the old primary " + old.instance() + " is back as a replica",
                    () -> context.registered(schema, Role.REPLICA, old.instance())
                            && context.readers(schema).contains(old.instance()));
            long routedNanos = System.nanoTime();
            timeline.put("oldPrimaryBackAsReplica", FailoverScenarios.millisSince(t0));
            // A re-sent write goes out before the writer's next one: one acknowledged write each after routing means
            // every re-sent write has landed (or failed) before the writers stop.
            FailoverScenarios.await("every writer acknowledges writes on " + successor.instance(),
                    () -> writers.stream().allMatch(w -> w.lastAcknowledgedNanos() - routedNanos > 0));
            writers.forEach(WriterClient::close);

            long routed = suite.routes()
                    .firstExactly(suite.writerHostgroup(schema), Set.of(successor.instance()), started)
                    .map(at -> Duration.between(started, at).toMillis()).orElse(-1L);
            timeline.put("routed", routed);
            long hookToRoutedMs = routed - timeline.get("promoted");
            facts.put("hookToRoutedMs", hookToRoutedMs);
            hookToRouted.add(hookToRoutedMs);
            checks.put("the old primary was never an ONLINE writer after the drain hook exited",
                    suite.routes().timesListed(suite.writerHostgroup(schema), old.instance(),
                            started.plusNanos(drainConfirmedAt - t0).plusMillis(1)).isEmpty());

            // Counted in MariaDB: every row of the writers' ids on the final primary.
            Map<Long, Long> rows = rowsPerId(successor.server(), null);
            long executedTwice = rows.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            List<Long> twice = rows.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            facts.put("writesExecutedTwiceInMariaDb", executedTwice);
            facts.put("idsExecutedTwice", twice);
            facts.put("inFlightRowsOnNewPrimary", inFlightIds.stream().collect(Collectors.toMap(id -> id,
                    id -> rows.getOrDefault(id, 0L), (a, b) -> a, TreeMap::new)));
            long reExecutedByStandIn = writers.stream().mapToLong(WriterClient::reExecutedCount).sum();
            facts.put("reExecutedByTheStandInsRetry", reExecutedByStandIn);
            checks.put(NO_WRITE_EXECUTED_TWICE, executedTwice == 0);

            long acknowledged = writers.stream().mapToLong(WriterClient::acknowledgedCount).sum();
            List<Long> lost = writers.stream().flatMap(w -> w.lost(rows.keySet()).stream()).sorted().toList();
            checks.put("no acknowledged write lost", lost.isEmpty());
            // A re-sent write is also counted failed by the writer; that is the check above, not a second failure.
            long failed = writers.stream().mapToLong(WriterClient::failedCount).sum();
            checks.put("no write failed (other than re-sent ones)", failed - reExecutedByStandIn == 0);
            checks.put("the old primary was not quarantined", !context.quarantined(old.instance()));
            long maxStall = writers.stream().mapToLong(WriterClient::maxStallMillis).max().orElse(0);
            Map<String, Long> failures = new TreeMap<>();
            writers.forEach(w -> w.failureReasons().forEach((k, v) -> failures.merge(k, v, Long::sum)));
            if (!failures.isEmpty()) {
                facts.put("writeFailures", failures);
            }
            ScenarioReport.WriteStats stats = new ScenarioReport.WriteStats(acknowledged, failed, lost.size(), maxStall,
                    executedTwice);
            writes.add(stats);
            facts.put("writes", stats);
            facts.put("checks", checks);
            List<String> failedChecks = checks.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                    .toList();
            facts.put("checksFailed", failedChecks);
            for (String check : failedChecks) {
                problems.add(switch (check) {
                    case NO_WRITE_EXECUTED_TWICE -> check + ": " + executedTwice + " writes are on "
                            + successor.instance() + " twice (ids " + twice + ")";
                    case "no acknowledged write lost" -> check + ": " + lost.size() + " lost, e.g. "
                            + lost.subList(0, Math.min(5, lost.size()));
                    case "no write failed (other than re-sent ones)" -> check + ": " + failures;
                    default -> check;
                });
            }
            return FailoverScenarios.run(run, problems, timeline, facts);
        } finally {
            writers.forEach(WriterClient::close);
        }
    }

    /** Runs one hook list as Orchestrator does and records its duration. */
    private List<HookRunner.Outcome> timed(String kind, Map<String, String> placeholders, Map<String, Long> listsMs) {
        long start = System.nanoTime();
        List<HookRunner.Outcome> outcomes = HookRunner.run(suite.hookLines().lines(kind), placeholders);
        synchronized (listsMs) {
            listsMs.put(kind, (System.nanoTime() - start) / 1_000_000);
        }
        return outcomes;
    }

    /** The table with an AUTO_INCREMENT key (created on the primary, replicated to the others). */
    private void prepareRequestsTable(String schema) {
        MariaDbServer primary = suite.sandbox().cluster(schema).primary();
        primary.execute("CREATE TABLE IF NOT EXISTS " + REQUESTS_TABLE
                + " (seq BIGINT AUTO_INCREMENT PRIMARY KEY, id BIGINT NOT NULL, written_at TIMESTAMP(6), KEY (id))");
        suite.sandbox().cluster(schema).awaitCaughtUp(
                suite.sandbox().cluster(schema).replicas().stream().filter(MariaDbServer::isRunning).toList(),
                Duration.ofSeconds(30));
    }

    /**
     * The writers' route: through a real ProxySQL's MySQL interface when the suite has one (ProxySQL re-sends by
     * itself), else as ProxySQL routes, through the stand-in's pool (which loses an answer and has the writer re-send,
     * as docs/reference/proxysql-admin.md says ProxySQL does). The socket timeout outlasts the held lock.
     */
    private WriterClient.Router router(String schema) {
        Optional<URI> proxysql = suite.settings().proxysqlMysql();
        if (proxysql.isPresent()) {
            return RunContext.throughProxySql(proxysql.get());
        }
        return context.throughStandIn(schema, () -> context.writers(schema).stream().findFirst(),
                Duration.ofSeconds(30));
    }

    /** The write ids of the application user's INSERTs waiting on the table lock, read from MariaDB's processlist. */
    private static List<Long> inFlight(Statement statement) {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT INFO FROM information_schema.PROCESSLIST WHERE USER='"
                + RunContext.APP_USER + "' AND STATE LIKE 'Waiting for table%'")) {
            while (rows.next()) {
                String info = rows.getString(1);
                Matcher id = WRITE_ID.matcher(info == null ? "" : info);
                if (id.find()) {
                    ids.add(Long.parseLong(id.group(1)));
                }
            }
        } catch (SQLException e) {
            return List.of(); // not seen this time: the caller waits on a condition with a deadline
        }
        return ids.stream().sorted().toList();
    }

    /** Rows per write id on {@code server}: only {@code ids}, or every id when null. */
    private static Map<Long, Long> rowsPerId(MariaDbServer server, List<Long> ids) {
        String where = ids == null ? "" : " WHERE id IN (" + (ids.isEmpty() ? "-1"
                : ids.stream().map(String::valueOf).collect(Collectors.joining(","))) + ")";
        Map<Long, Long> counts = new TreeMap<>();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, COUNT(*) FROM " + REQUESTS_TABLE + where
                     + " GROUP BY id")) {
            while (rows.next()) {
                counts.put(rows.getLong(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count rows of " + REQUESTS_TABLE + " on " + server.instance()
                    + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private long configuredDrainMillis() {
        Matcher setting = DRAIN_SETTING.matcher(syncConfig());
        return setting.find() ? Long.parseLong(setting.group().replaceAll("\\D", "")) : 300; // 300: the default
    }

    /**
     * {@code proxysql.drainInFlightMaxMillis: 0} in the sync's config, and a restart: the explicit opt-out, which the
     * sync must log. The caller then waits for it to be healthy and settled.
     */
    private long turnTheDrainOff() {
        SandboxProgram sync = suite.sync();
        String yaml = syncConfig();
        Matcher setting = DRAIN_SETTING.matcher(yaml);
        if (!setting.find()) {
            throw new IllegalStateException("no proxysql.drainInFlightMaxMillis line in " + sync.configFile());
        }
        try {
            Files.writeString(sync.configFile(), setting.replaceFirst("$1 0"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + sync.configFile(), e);
        }
        sync.restart();
        sync.awaitListening(MysqlHost.AGENT_START_TIMEOUT);
        FailoverScenarios.await("the restarted sync logs the drain's opt-out", STEP_TIMEOUT,
                () -> logContains(sync.logFile(), "drainInFlightMaxMillis is 0"));
        return 0;
    }

    private String syncConfig() {
        try {
            return Files.readString(suite.sync().configFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + suite.sync().configFile(), e);
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false; // not written yet
        }
    }

    /** The sync's {@code /health} body when it answers 200 (running, not blind, last pass good); else empty. */
    private Optional<String> syncHealth() {
        try {
            HttpResponse<String> health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(suite.syncUrl() + "/health"))
                            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 ? Optional.of(health.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not answering (yet): the caller waits with a deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code stats_mysql_connection_pool.ConnUsed} of one server, read through the admin as the sync reads it. */
    private int connUsed(int hostgroup, String instance) {
        int colon = instance.lastIndexOf(':');
        try (Connection admin = DriverManager.getConnection(suite.admin().jdbcUrl());
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT ConnUsed FROM stats_mysql_connection_pool WHERE hostgroup="
                     + hostgroup + " AND srv_host='" + instance.substring(0, colon) + "' AND srv_port='"
                     + instance.substring(colon + 1) + "'")) {
            int used = 0;
            while (rows.next()) {
                used += rows.getInt(1);
            }
            return used;
        } catch (SQLException e) {
            return -1; // reported as unknown; the checks do not depend on it
        }
    }
}
