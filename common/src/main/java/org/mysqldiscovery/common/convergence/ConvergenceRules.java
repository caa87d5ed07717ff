package org.mysqldiscovery.common.convergence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;

/**
 * The one convergence rule of the suite, used by the role agent's drain (its confirmation makes Orchestrator abort a
 * takeover on 504) and by the CLI's {@code status} and {@code wait-converged}: every live sync that writes ProxySQL
 * (not {@link SyncMode#DRY_RUN}) reports {@code appliedZxid >= target} and is not blind. Pure. A sync that is blind,
 * behind or unreadable holds the answer: a view we cannot vouch for is not a confirmation. What "no sync at all"
 * means is the caller's: the drain confirms at once with {@link #NO_SYNC_WARNING} (nothing routes), the CLI says
 * "not converged" unless told {@code --allow-no-syncs}; {@link Convergence#waitedFor()} tells them apart.
 */
public final class ConvergenceRules {
    public static final String NO_SYNC_WARNING = "no live proxysql-sync: nothing to wait for, but nothing confirms "
            + "that any ProxySQL stopped routing to this instance";

    private ConvergenceRules() {
    }

    /**
     * Whether a convergence waits for a sync in this mode.
     *
     * @param mode the sync's mode, or null when its status is unreadable (waited for: safety over liveness)
     */
    public static boolean waitedFor(SyncMode mode) {
        return mode != SyncMode.DRY_RUN;
    }

    /** What one sync's status says, compared with the target. */
    public static Convergence.SyncVerdict verdict(SyncObservation observation, long targetZxid) {
        SyncStatus status = observation.status();
        if (status == null) {
            return new Convergence.SyncVerdict(observation.node(), null, Convergence.SyncState.UNREADABLE,
                    observation.problem());
        }
        if (!waitedFor(status.mode())) {
            return new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                    Convergence.SyncState.DRY_RUN, "dry-run: changes nothing in ProxySQL, not waited for");
        }
        if (status.blind()) {
            return new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                    Convergence.SyncState.BLIND, "blind: does not trust its ZooKeeper view");
        }
        if (status.appliedZxid() < targetZxid) {
            return new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                    Convergence.SyncState.BEHIND, "applied up to " + status.appliedZxid() + ", waiting for "
                    + targetZxid);
        }
        return new Convergence.SyncVerdict(observation.node(), status.appliedZxid(), Convergence.SyncState.APPLIED,
                null);
    }

    /** Every sync's verdict, by node name; confirmed when every sync waited for has applied the target. */
    public static Convergence evaluate(long targetZxid, List<SyncObservation> observations) {
        List<Convergence.SyncVerdict> verdicts = new ArrayList<>();
        boolean confirmed = true;
        int waitedFor = 0;
        List<SyncObservation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(SyncObservation::node));
        for (SyncObservation observation : sorted) {
            Convergence.SyncVerdict verdict = verdict(observation, targetZxid);
            if (verdict.state() != Convergence.SyncState.DRY_RUN) {
                waitedFor++;
                confirmed &= verdict.state() == Convergence.SyncState.APPLIED;
            }
            verdicts.add(verdict);
        }
        return new Convergence(confirmed, targetZxid, verdicts, waitedFor, waitedFor == 0 ? NO_SYNC_WARNING : null);
    }
}
