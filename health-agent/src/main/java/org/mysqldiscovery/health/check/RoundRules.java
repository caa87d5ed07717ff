package org.mysqldiscovery.health.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The mysql-mode round's rules, as one table. Each row names a rule of one check, the observations it matches, and
 * the verdict it gives; for each check the first matching row decides (the last row of a check always matches).
 * The judgement of the observed values themselves (is this lag too high?) is {@link CheckRules}; this table says
 * which of them applies, and what a round that could not look is worth. Pure: no I/O, no clock.
 */
public final class RoundRules {
    static final String NOT_RUN = "not run: mysqld does not answer";
    static final String ROLE_UNKNOWN = "role unknown: the role files are unreadable";

    /**
     * What the rules compare the observation with.
     *
     * @param restoreMarkerFile       the restore marker's path (for messages), or null when none is configured
     * @param requireBufferPoolLoaded whether a cold buffer pool fails the round
     * @param replicaReadOnlyRequired whether a writable replica fails the round
     * @param maxReplicationLagMillis the lag limit
     * @param stalenessBoundMillis    how old a replica's data can at most be, from the last measured pass, or -1
     */
    public record Criteria(String restoreMarkerFile, boolean requireBufferPoolLoaded, boolean replicaReadOnlyRequired,
            long maxReplicationLagMillis, long stalenessBoundMillis) {
    }

    /** One row: the check it judges, its name, when it applies, and the verdict it gives. */
    public record Rule(String check, String name, BiPredicate<Observation, Criteria> when,
            BiFunction<Observation, Criteria, Verdict> verdict) {
    }

    /** Which row decided a check, and what it said. */
    public record Judgement(String check, String rule, Verdict verdict) {
    }

    private static final BiPredicate<Observation, Criteria> ALWAYS = (o, c) -> true;
    private static final BiPredicate<Observation, Criteria> SERVER_DOWN = (o, c) -> !o.answered();
    private static final BiPredicate<Observation, Criteria> ROLE_FILES_UNREADABLE = (o, c) -> o.role() == null;

    /** The table, in the order the checks appear in {@code /health}. */
    public static final List<Rule> RULES = List.of(
            new Rule(CheckNames.MYSQLD, "answers", (o, c) -> o.answered(),
                    (o, c) -> Verdict.pass("answers SELECT 1")),
            new Rule(CheckNames.MYSQLD, "silent", ALWAYS,
                    (o, c) -> Verdict.fail("does not answer: " + o.down())),

            new Rule(CheckNames.RESTORE_MARKER, "not-configured", (o, c) -> c.restoreMarkerFile() == null,
                    (o, c) -> Verdict.skipped("not configured (restoreMarkerFile)")),
            new Rule(CheckNames.RESTORE_MARKER, "marker", ALWAYS,
                    (o, c) -> CheckRules.restoreMarker(c.restoreMarkerFile(),
                            Boolean.TRUE.equals(o.restoreMarkerExists()))),

            new Rule(CheckNames.BUFFER_POOL, "not-required", (o, c) -> !c.requireBufferPoolLoaded(),
                    (o, c) -> Verdict.skipped("not required (requireBufferPoolLoaded: false)")),
            new Rule(CheckNames.BUFFER_POOL, "server-down", SERVER_DOWN, (o, c) -> Verdict.unknown(NOT_RUN)),
            new Rule(CheckNames.BUFFER_POOL, "unreadable", (o, c) -> o.bufferPoolError() != null,
                    (o, c) -> Verdict.fail("cannot read Innodb_buffer_pool_load_status: " + o.bufferPoolError())),
            new Rule(CheckNames.BUFFER_POOL, "load-status", ALWAYS,
                    (o, c) -> CheckRules.bufferPool(o.bufferPoolStatus())),

            new Rule(CheckNames.ROLE_CONSISTENCY, "role-unknown", ROLE_FILES_UNREADABLE,
                    (o, c) -> Verdict.unknown(ROLE_UNKNOWN)),
            new Rule(CheckNames.ROLE_CONSISTENCY, "server-down", SERVER_DOWN, (o, c) -> Verdict.unknown(NOT_RUN)),
            new Rule(CheckNames.ROLE_CONSISTENCY, "read-only-unreadable", (o, c) -> o.variablesError() != null,
                    (o, c) -> Verdict.fail(o.variablesError())),
            new Rule(CheckNames.ROLE_CONSISTENCY, "replication-unreadable", (o, c) -> o.replicaError() != null,
                    (o, c) -> Verdict.fail(o.replicaError())),
            new Rule(CheckNames.ROLE_CONSISTENCY, "role-fits-server", ALWAYS,
                    (o, c) -> CheckRules.roleConsistency(o.role(), o.readOnly(), o.replica() != null,
                            c.replicaReadOnlyRequired())),

            new Rule(CheckNames.REPLICATION, "role-unknown", ROLE_FILES_UNREADABLE,
                    (o, c) -> Verdict.unknown(ROLE_UNKNOWN)),
            new Rule(CheckNames.REPLICATION, "primary", (o, c) -> o.role().isPrimary(),
                    (o, c) -> Verdict.skipped("role primary: replication is not checked")),
            new Rule(CheckNames.REPLICATION, "server-down", SERVER_DOWN, (o, c) -> Verdict.unknown(NOT_RUN)),
            new Rule(CheckNames.REPLICATION, "unreadable", (o, c) -> o.replicaError() != null,
                    (o, c) -> Verdict.fail(o.replicaError())),
            new Rule(CheckNames.REPLICATION, "threads-and-lag", ALWAYS,
                    (o, c) -> CheckRules.replication(o.replica(),
                            o.lag() == null ? new LagReading.SecondsBehind() : o.lag(),
                            c.maxReplicationLagMillis(), c.stalenessBoundMillis())));

    private RoundRules() {
    }

    /** For each check, in table order, the first row that matches. */
    public static List<Judgement> judge(Observation observation, Criteria criteria) {
        Map<String, Judgement> decided = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            if (!decided.containsKey(rule.check()) && rule.when().test(observation, criteria)) {
                decided.put(rule.check(), new Judgement(rule.check(), rule.name(),
                        rule.verdict().apply(observation, criteria)));
            }
        }
        return List.copyOf(decided.values());
    }

    /** The round's check results: each check's verdict, timed by the reads it took. */
    public static List<CheckResult> results(Observation observation, Criteria criteria) {
        List<CheckResult> results = new ArrayList<>(5);
        for (Judgement judgement : judge(observation, criteria)) {
            results.add(CheckResult.of(judgement.check(), judgement.verdict(),
                    observation.millisOf(judgement.check())));
        }
        return results;
    }
}
