package org.mysqldiscovery.health.check;

import java.time.Duration;
import java.time.Instant;
import org.mysqldiscovery.common.model.Role;

/**
 * Drain leases (docs/DESIGN.md, {@code PUT /v1/drain}). A lease only applies to the {@code primary} role: it exists to
 * empty the writer hostgroup during a planned switchover. When the role file flips to a replica role during the
 * lease, the switchover happened and this server may serve reads at once, so the lease no longer holds it back.
 * A lease that runs out with the role still {@code primary} puts the primary back by itself (the takeover was
 * aborted); {@link Verdict#status()} then passes and {@link DrainVerdict#wakeAt()} asks for a re-check at its end.
 */
public final class DrainRule {
    private DrainRule() {
    }

    /**
     * @param role the current role, or null when the role file is unreadable
     * @param now  wall clock: the lease is an epoch-millisecond time written on this host
     */
    public static DrainVerdict evaluate(Role role, DrainFileState file, Instant now) {
        if (file instanceof DrainFileState.Absent) {
            return new DrainVerdict(Verdict.pass("no drain lease"), null);
        }
        if (role != null && !role.isPrimary()) {
            return new DrainVerdict(Verdict.skipped("a drain lease only applies to the primary role; ignored for "
                    + role + describe(file)), null);
        }
        if (file instanceof DrainFileState.Unreadable unreadable) {
            // Safety over liveness: a primary whose lease cannot be read stays out until the file is fixed.
            return new DrainVerdict(Verdict.fail("drain file unreadable, treated as a running lease: "
                    + unreadable.message()), null);
        }
        Instant until = ((DrainFileState.Until) file).until();
        if (until.isAfter(now)) {
            long left = Duration.between(now, until).toMillis();
            return new DrainVerdict(Verdict.fail("drained until " + until + " (" + left + " ms left)"), until);
        }
        return new DrainVerdict(Verdict.pass("drain lease ran out at " + until), null);
    }

    private static String describe(DrainFileState file) {
        if (file instanceof DrainFileState.Until until) {
            return " (lease until " + until.until() + ")";
        }
        if (file instanceof DrainFileState.Unreadable unreadable) {
            return " (" + unreadable.message() + ")";
        }
        return "";
    }

    /**
     * @param verdict the drain check's result
     * @param wakeAt  when the running lease ends (a re-check is due then), or null
     */
    public record DrainVerdict(Verdict verdict, Instant wakeAt) {
        public boolean blocks() {
            return !verdict.passed();
        }
    }
}
