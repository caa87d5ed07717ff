package org.mysqldiscovery.role.decide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mysqldiscovery.common.model.SyncStatus;

/**
 * When is a drain confirmed: every live, non-dry-run sync reports {@code appliedZxid >= target} and is not blind.
 * Pure. A sync that is blind, behind or unreadable holds the answer (the caller answers 504 at its bound): a view
 * we cannot vouch for is not a confirmation. No sync at all confirms at once, with a warning: nothing routes.
 */
public final class ConvergenceRules {
    public static final String NO_SYNC_WARNING = "no live proxysql-sync: nothing to wait for, but nothing confirms "
            + "that any ProxySQL stopped routing to this instance";

    private ConvergenceRules() {
    }

    public static Convergence evaluate(long targetZxid, List<SyncObservation> observations) {
        List<Convergence.SyncVerdict> verdicts = new ArrayList<>();
        boolean confirmed = true;
        int waitedFor = 0;
        List<SyncObservation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(SyncObservation::node));
        for (SyncObservation observation : sorted) {
            SyncStatus status = observation.status();
            Convergence.SyncVerdict verdict;
            if (status == null) {
                verdict = new Convergence.SyncVerdict(observation.node(), null, Convergence.SyncState.UNREADABLE,
                        observation.problem());
            } else if ("dry-run".equals(status.mode())) {
                verdict = new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                        Convergence.SyncState.DRY_RUN, "dry-run: changes nothing in ProxySQL, not waited for");
            } else if (status.blind()) {
                verdict = new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                        Convergence.SyncState.BLIND, "blind: does not trust its ZooKeeper view");
            } else if (status.appliedZxid() < targetZxid) {
                verdict = new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                        Convergence.SyncState.BEHIND, "applied up to " + status.appliedZxid() + ", waiting for "
                        + targetZxid);
            } else {
                verdict = new Convergence.SyncVerdict(observation.node(), status.appliedZxid(),
                        Convergence.SyncState.APPLIED, null);
            }
            if (verdict.state() != Convergence.SyncState.DRY_RUN) {
                waitedFor++;
                confirmed &= verdict.state() == Convergence.SyncState.APPLIED;
            }
            verdicts.add(verdict);
        }
        return new Convergence(confirmed, targetZxid, verdicts, waitedFor, waitedFor == 0 ? NO_SYNC_WARNING : null);
    }
}
