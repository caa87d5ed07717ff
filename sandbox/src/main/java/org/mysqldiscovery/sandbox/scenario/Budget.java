package org.mysqldiscovery.sandbox.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A latency budget checked by a scenario. The report records every check and whether it was met; a scenario fails on
 * correctness (lost or failed writes, wrong routing) and only on a budget missed by more than {@link #HARD_FACTOR}
 * times: on a loaded machine (CI, other builds) a budget miss is a number to look at, not a broken build, while ten
 * times the budget means something hangs.
 *
 * @param name       what was measured (e.g. {@code hookToRoutedMs})
 * @param budgetMs   the product budget (docs/DESIGN.md)
 * @param measuredMs what this run measured
 */
public record Budget(String name, long budgetMs, long measuredMs) {
    public static final int HARD_FACTOR = 10;
    /** The facts key under which a run lists its budget checks. */
    static final String FACTS_KEY = "budgets";

    public Budget {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("budget name is missing");
        }
        if (budgetMs <= 0) {
            throw new IllegalArgumentException("budget " + name + " of " + budgetMs + " ms is not positive");
        }
    }

    @JsonProperty("met")
    public boolean met() {
        return measuredMs <= budgetMs;
    }

    /** False only when the measure is more than ten times the budget: then the scenario fails. */
    public boolean withinHardBound() {
        return measuredMs <= (long) HARD_FACTOR * budgetMs;
    }

    /**
     * Records the check in the run's facts ({@code budgets}: a list of checks); adds a problem only when the measure
     * is past ten times the budget.
     */
    @SuppressWarnings("unchecked")
    static Budget check(String name, long measuredMs, long budgetMs, List<String> problems,
            Map<String, Object> facts) {
        Budget budget = new Budget(name, budgetMs, measuredMs);
        ((List<Budget>) facts.computeIfAbsent(FACTS_KEY, k -> new ArrayList<Budget>())).add(budget);
        if (!budget.withinHardBound()) {
            problems.add(name + " " + measuredMs + " ms > " + HARD_FACTOR + " × its budget of " + budgetMs + " ms");
        }
        return budget;
    }

    /** The checks a run recorded. */
    @SuppressWarnings("unchecked")
    static List<Budget> of(ScenarioReport.Run run) {
        Object checks = run.facts() == null ? null : run.facts().get(FACTS_KEY);
        return checks instanceof List<?> list ? (List<Budget>) list : List.of();
    }
}
