package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mysqldiscovery.sandbox.scenario.ScenarioReport;
import org.mysqldiscovery.sandbox.scenario.ScenarioRunner;
import org.mysqldiscovery.sandbox.suite.SuiteSettings;

/**
 * The scenarios users fear, run for real: every program as its own process from its jar, a 3-node ZooKeeper
 * ensemble, a primary and two replicas of real MariaDB with GTID replication, the ProxySQL admin stand-in (or a real
 * ProxySQL when {@code PROXYSQL_ADMIN_URL} is set; the writer goes through its MySQL interface when
 * {@code PROXYSQL_MYSQL_URL=mysql://HOST:PORT} is set too), a local pager receiver. Each scenario writes its part of
 * {@code target/scenario-report.json}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverScenariosIT {
    /** The planned switchover's latency budget is a p99: it needs runs (DESIGN: 20). */
    private static final int PLANNED_RUNS = Integer.getInteger("scenario.plannedRuns", 20);
    private static final Path REPORT = Path.of("target", "scenario-report.json");
    private static final java.util.List<ScenarioReport.Scenario> RESULTS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Each scenario's programs' real /metrics and logs, kept before its suite stops (checked at the end). */
    private static final Path EVIDENCE = Path.of("target", "scenario-evidence");

    private final ScenarioRunner runner = new ScenarioRunner(settings()).keepingEvidenceIn(EVIDENCE);

    private static SuiteSettings settings() {
        return SuiteSettings.defaults().withProxysqlAdmin(url("PROXYSQL_ADMIN_URL"))
                .withProxysqlMysql(url("PROXYSQL_MYSQL_URL"));
    }

    private static java.util.Optional<java.net.URI> url(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(java.net.URI.create(value.trim()));
    }

    @Test
    @Order(1)
    void planned_switchover_pauses_writes_without_failing_any_and_the_old_primary_returns_as_a_replica() {
        assertPassed(run("planned-switchover", PLANNED_RUNS));
    }

    @Test
    @Order(2)
    void unplanned_failover_routes_the_new_primary_and_quarantines_the_dead_one() {
        assertPassed(run("unplanned-failover", 1));
    }

    @Test
    @Order(3)
    void a_returning_writable_primary_stays_quarantined_fenced_and_unrouted_until_cleared() {
        assertPassed(run("returning-primary", 1));
    }

    @Test
    @Order(4)
    void a_dead_host_leaves_proxysql_within_the_session_timeout() {
        assertPassed(run("host-death", 1));
    }

    @Test
    @Order(5)
    void zookeeper_outage_removes_nothing_and_converges_when_quorum_returns() {
        assertPassed(run("zookeeper-outage", 1));
    }

    @Test
    @Order(5)
    void zookeeper_paused_past_every_session_timeout_never_drops_a_live_server_and_removes_a_dead_one_after_the_window() {
        assertPassed(run("zookeeper-pause", 1));
    }

    @Test
    @Order(6)
    void double_primary_freezes_that_schema_pages_once_and_resolves_while_others_sync() {
        assertPassed(run("double-primary", 1));
    }

    @Test
    @Order(7)
    void proxysql_admin_outage_during_a_failover_converges_when_it_returns() {
        assertPassed(run("proxysql-outage", 1));
    }

    @Test
    @Order(8)
    void a_replica_whose_role_file_blocks_leaves_proxysql_within_the_watchdog_bound_and_returns_with_the_file() {
        assertPassed(run("blocking-role-file", 1));
    }

    @Test
    @Order(9)
    void writes_in_flight_on_the_old_primary_during_a_switchover_complete_there_once_with_the_drain_on() {
        ScenarioReport.Scenario drained = run("in-flight-write-switchover", 1);
        assertPassed(drained);
        assertThat(drained.writes().reExecuted()).as("writes executed twice, counted in MariaDB").isZero();
    }

    /** Issue 19's defect must show end to end: the same switchover with the drain turned off fails its check. */
    @Test
    @Order(9)
    void without_the_drain_the_same_switchover_executes_each_in_flight_write_twice() {
        ScenarioReport.Scenario undrained = run("in-flight-write-switchover-drain-off", 1);
        assertThat(undrained.passed()).as("the control must reproduce the defect: %s", undrained.reason()).isFalse();
        assertThat(undrained.writes().reExecuted()).as("writes executed twice, counted in MariaDB").isPositive();
        assertThat(undrained.runsDetail()).singleElement().satisfies(run -> assertThat(run.facts().get("checksFailed"))
                .as("only the duplicate check fails: %s", run.reason())
                .isEqualTo(List.of("no write executed twice")));
    }

    @Test
    @Order(10)
    void reads_stay_in_their_datacenter_fall_back_across_and_a_cross_datacenter_promotion_is_refused_then_paged() {
        assertPassed(run("two-datacenters", 1));
    }

    @Test
    @Order(98)
    void every_programs_real_metrics_pass_promtool_and_carry_every_name_the_alerts_and_the_dashboard_use()
            throws java.io.IOException {
        java.util.Set<String> exported = new java.util.TreeSet<>();
        java.util.Set<String> programs = new java.util.TreeSet<>();
        for (Path scrape : evidence(".prom")) {
            String text = java.nio.file.Files.readString(scrape);
            if (!text.contains("mysql_discovery_build_info")) {
                continue; // a sandbox helper (stand-in, pager receiver), not one of our programs
            }
            assertThat(Monitoring.promtool(text, "check", "metrics")).as("promtool check metrics < " + scrape)
                    .isEmpty();
            exported.addAll(Monitoring.sampleNames(text));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "mysql_discovery_build_info\\{program=\"([^\"]+)\"").matcher(text);
            if (m.find()) {
                programs.add(m.group(1));
            }
        }
        assertThat(programs).containsExactlyInAnyOrder("health-agent", "role-agent", "proxysql-sync",
                "mysql-discovery-serve");
        assertThat(exported).as("metric names used in monitoring/ but not exported by any program")
                .containsAll(Monitoring.namesUsed());
    }

    @Test
    @Order(99)
    void every_json_log_line_parses_with_a_strict_parser_and_text_lines_carry_the_date() throws java.io.IOException {
        int json = 0;
        int dated = 0;
        for (Path log : evidence(".log")) {
            for (String line : java.nio.file.Files.readAllLines(log)) {
                if (line.startsWith("{")) {
                    Monitoring.STRICT.readTree(line); // throws on invalid JSON or a duplicate key
                    json++;
                } else if (line.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\S* [A-Z]+ +\\[.*")) {
                    dated++;
                }
            }
        }
        assertThat(json).as("JSON lines (role agents and the sync log JSON in the sandbox)").isPositive();
        assertThat(dated).as("dated text lines (health agents log text in the sandbox)").isPositive();
    }

    /** The evidence files of the scenarios this run kept; aborts when no scenario ran in this JVM. */
    private static List<Path> evidence(String suffix) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(EVIDENCE) || RESULTS.isEmpty()) {
            org.junit.jupiter.api.Assumptions.abort("no scenario ran in this JVM: nothing to check");
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(EVIDENCE)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
            assertThat(found).as("evidence files " + suffix + " under " + EVIDENCE).isNotEmpty();
            return found;
        }
    }

    @org.junit.jupiter.api.BeforeAll
    static void forgetOldEvidence() throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(EVIDENCE)) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(EVIDENCE)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    @AfterAll
    static void writeReport() {
        ScenarioRunner.write(new ScenarioReport(java.time.Instant.now().toString(), java.util.Map.of(),
                List.copyOf(RESULTS)), REPORT);
        System.out.println(table(RESULTS));
    }

    private ScenarioReport.Scenario run(String name, int runs) {
        ScenarioReport report = runner.report(name, runs);
        ScenarioReport.Scenario scenario = report.scenarios().get(0);
        RESULTS.add(scenario);
        System.out.println(table(List.of(scenario)));
        return scenario;
    }

    private static void assertPassed(ScenarioReport.Scenario scenario) {
        assertThat(scenario.passed()).as("%s: %s", scenario.name(), scenario.reason()).isTrue();
    }

    /** The report as a Markdown table (the README shows the latest), then each scenario's hook timings. */
    static String table(List<ScenarioReport.Scenario> scenarios) {
        return "| scenario | passed | runs | hook → routed p50 / p99 / max (ms) | writes ack / failed / lost / re-executed "
                + "| max stall (ms) | budgets met |\n"
                + "|---|---|---|---|---|---|---|\n" + scenarios.stream().map(s -> "| " + s.name() + " | " + s.passed()
                + " | " + s.runs() + " | " + (s.hookToRoutedMs() == null ? "–" : s.hookToRoutedMs().p50() + " / "
                + s.hookToRoutedMs().p99() + " / " + s.hookToRoutedMs().max()) + " | "
                + (s.writes() == null ? "–" : s.writes().acknowledged() + " / " + s.writes().failed() + " / "
                + s.writes().lost() + " / " + s.writes().reExecuted()) + " | "
                + (s.writes() == null ? "–" : s.writes().maxStallMs()) + " | "
                + (s.budgetsMet() == null ? "–" : s.budgetsMet() ? "yes" : "no: " + s.budgetsMissed()) + " |")
                .collect(Collectors.joining("\n"))
                + scenarios.stream().filter(s -> s.hooks() != null).map(s -> "\n\n" + s.name() + " hooks: line "
                        + s.hooks().lineMs() + "; lists " + s.hooks().listMs() + "; stall " + s.hooks().writeStallMs()
                        + "; suite share " + s.hooks().suiteShareMs() + "; budgets " + s.hooks().budgets())
                .collect(Collectors.joining());
    }
}
