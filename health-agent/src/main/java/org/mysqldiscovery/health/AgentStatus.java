package org.mysqldiscovery.health;

import java.time.Instant;
import java.util.List;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.Decider.Decision;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.Hysteresis;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;

/**
 * What the reconciler decided in its latest pass; {@code /health} and the metrics read it.
 *
 * @param target        what the role files say (null: unreadable)
 * @param targetPath    the registration path for {@code target}, or null
 * @param gates         role files, quarantine, drain
 * @param round         the latest round for {@code target}, or null
 * @param hysteresis    rise/fall state for {@code target}
 * @param decision      register or not, and why not
 * @param lastFencing   the latest round's fencing outcome, or null
 * @param lastFencedAt  when read_only was last set by fencing, or null
 * @param decidedAt     when this pass ran
 */
public record AgentStatus(Target target, String targetPath, List<CheckResult> gates, RoundResult round,
        Hysteresis hysteresis, Decision decision, FencingOutcome lastFencing, Instant lastFencedAt,
        Instant decidedAt) {

    public static AgentStatus initial(Hysteresis hysteresis, Instant now) {
        return new AgentStatus(null, null, List.of(), null, hysteresis,
                new Decision(null, List.of("starting: the first pass has not run yet")), null, null, now);
    }

    public boolean drained() {
        return gates.stream().anyMatch(g -> g.name().equals(CheckNames.DRAIN)
                && !g.status().allowsRegistration());
    }

    public boolean quarantined() {
        return gates.stream().anyMatch(g -> g.name().equals(CheckNames.QUARANTINE)
                && g.status() == CheckStatus.FAIL);
    }
}
