package org.mysqldiscovery.health.check;

import java.time.Instant;
import java.util.List;

/**
 * One round of checks against the server.
 *
 * @param seq         increasing round number
 * @param target      the role the round was evaluated for (null: role files unreadable, role checks unknown)
 * @param checks      every check of the round, in a stable order
 * @param fencing     what fencing did
 * @param startedAt   when the round started
 * @param completedAt when it ended
 */
public record RoundResult(long seq, Target target, List<CheckResult> checks, FencingOutcome fencing,
        Instant startedAt, Instant completedAt) {
    public RoundResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(c -> c.status().allowsRegistration());
    }

    public List<CheckResult> failing() {
        return checks.stream().filter(c -> !c.status().allowsRegistration()).toList();
    }
}
