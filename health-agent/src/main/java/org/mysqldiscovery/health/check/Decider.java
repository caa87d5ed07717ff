package org.mysqldiscovery.health.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether to register, and if not, exactly why. Gates (role files, quarantine, drain) act at once in both directions;
 * check rounds act through {@link Hysteresis}. A registration exists only while every one of them allows it.
 */
public final class Decider {
    private Decider() {
    }

    /**
     * @param target     what the role files say (null: unreadable; the roleFiles gate explains)
     * @param gates      immediate conditions
     * @param health     hysteresis for {@code target}
     * @param round      the latest round evaluated for {@code target}, or null
     * @param staleAfterMillis  a round older than this no longer vouches for the server
     * @param nowMillis  the time of the decision, epoch milliseconds
     */
    public static Decision decide(Target target, List<CheckResult> gates, Hysteresis health, RoundResult round,
            long staleAfterMillis, long nowMillis) {
        List<String> why = new ArrayList<>();
        for (CheckResult gate : gates) {
            if (!gate.status().allowsRegistration()) {
                why.add(gate.reason());
            }
        }
        if (target == null && why.isEmpty()) {
            why.add("role unknown");
        }
        if (target != null) {
            if (round == null) {
                why.add("checks: no round completed yet for " + target.describe());
            } else {
                long age = nowMillis - round.completedAt().toEpochMilli();
                if (age > staleAfterMillis) {
                    why.add("checks: the last round completed " + age + " ms ago; the checks are stalled");
                }
                // A healthy state with a failing round (fall > 1) keeps its registration: no reason added.
                if (!health.healthy()) {
                    List<CheckResult> failing = round.failing();
                    if (failing.isEmpty()) {
                        why.add("rise: " + health.passes() + " of " + health.rise()
                                + " consecutive passing rounds seen after a failure");
                    } else {
                        failing.forEach(c -> why.add(c.reason()));
                    }
                }
            }
        }
        return new Decision(why.isEmpty() ? target : null, List.copyOf(why));
    }

    /**
     * @param register what to register, or null for nothing
     * @param whyNot   every reason against registering (empty when {@code register} is set)
     */
    public record Decision(Target register, List<String> whyNot) {
    }
}
