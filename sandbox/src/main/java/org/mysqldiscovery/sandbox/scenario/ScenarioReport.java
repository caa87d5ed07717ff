package org.mysqldiscovery.sandbox.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The report of {@code sandbox.jar --scenario NAME --report FILE.json}:
 * {@code {"scenarios":[{"name","passed","reason","runs","hookToRoutedMs":{"p50","p99","max"},
 * "writes":{"acknowledged","failed","lost","maxStallMs","reExecuted"},"runsDetail":[…],"hooks":{…}}]}}.
 *
 * @param startedAt   when the report began (ISO-8601)
 * @param environment where it ran: MariaDB version, ProxySQL target, ZooKeeper ensemble size
 * @param scenarios   one result per scenario
 */
public record ScenarioReport(String startedAt, Map<String, String> environment, List<Scenario> scenarios) {

    public boolean passed() {
        return scenarios.stream().allMatch(Scenario::passed);
    }

    /**
     * @param name           scenario name
     * @param passed         whether every run met every expectation
     * @param reason         why it failed (null when passed)
     * @param runs           how many runs
     * @param hookToRoutedMs from the first hook line to ProxySQL's runtime routing the new primary
     * @param writes         the writer client's counts over all runs (scenarios with a writer)
     * @param durationMs     wall time of the scenario
     * @param runsDetail     per run: the timeline and checks (facts {@code budgets}: every budget check)
     * @param hooks          how long Orchestrator's hooks took and the issue-19 budgets (failover scenarios)
     * @param budgetsMet     whether every latency budget was met (null: none checked); {@code passed} does not
     *                       depend on it unless a budget was missed tenfold ({@link Budget})
     * @param budgetsMissed  the budgets missed, as "name measured ms > budget ms"
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scenario(String name, boolean passed, String reason, int runs, LatencySummary hookToRoutedMs,
            WriteStats writes, long durationMs, List<Run> runsDetail, HookTimes hooks, Boolean budgetsMet,
            List<String> budgetsMissed) {
    }

    /**
     * Hook timings of the measured runs, every hook list run in Orchestrator's order, each line as the process it is
     * in production. Budgets are reported (pass/FAIL), not asserted: this machine is shared.
     *
     * @param lineMs       each hook line, start → exit (the "hook decision")
     * @param listMs       per hook list, start of its first line → exit of its last
     * @param writeStallMs per run, the writer's longest stall
     * @param suiteShareMs unplanned: PreFailoverProcesses + PostMasterFailoverProcesses start → routed
     * @param budgets      budget → "pass" or "FAIL", with the value
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HookTimes(LatencySummary lineMs, Map<String, LatencySummary> listMs, LatencySummary writeStallMs,
            LatencySummary suiteShareMs, Map<String, String> budgets) {
    }

    /**
     * @param acknowledged writes the database acknowledged
     * @param failed       writes that got an error (held writes that timed out count here)
     * @param lost         acknowledged writes missing from the final primary
     * @param maxStallMs   longest time without an acknowledged write while the writer ran
     * @param reExecuted   writes ProxySQL re-sent to the next writer after losing their answer (also in failed); the
     *                     in-flight-write scenarios count them in MariaDB instead: extra rows of one write id on the
     *                     final primary (their table has an AUTO_INCREMENT key, so a re-sent INSERT is a second row)
     */
    public record WriteStats(long acknowledged, long failed, long lost, long maxStallMs, long reExecuted) {
        public static final WriteStats NONE = new WriteStats(0, 0, 0, 0, 0);

        public WriteStats plus(WriteStats other) {
            return new WriteStats(acknowledged + other.acknowledged, failed + other.failed, lost + other.lost,
                    Math.max(maxStallMs, other.maxStallMs), reExecuted + other.reExecuted);
        }
    }

    /**
     * @param run      run number, from 1
     * @param passed   whether this run met its expectations
     * @param reason   why not
     * @param timeline event name → milliseconds since the run's first hook line (hook started = 0)
     * @param facts    other observations (instances involved, write counts, promotion time)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(int run, boolean passed, String reason, Map<String, Long> timeline, Map<String, Object> facts) {
    }
}
