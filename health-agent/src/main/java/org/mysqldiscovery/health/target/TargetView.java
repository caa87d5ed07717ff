package org.mysqldiscovery.health.target;

import java.time.Instant;
import java.util.List;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.Target;

/**
 * What the agent would register at one moment, and the gates that must allow it.
 *
 * @param target      what to register, or null when it cannot be known (unreadable role files: a gate says why)
 * @param gates       conditions that act at once (role files, quarantine, drain); none in tcp mode
 * @param quarantined whether the instance is quarantined (the round fences)
 * @param wakeAt      when the view changes by itself (a drain lease ends), or null
 */
public record TargetView(Target target, List<CheckResult> gates, boolean quarantined, Instant wakeAt) {
    public TargetView {
        gates = List.copyOf(gates);
    }
}
