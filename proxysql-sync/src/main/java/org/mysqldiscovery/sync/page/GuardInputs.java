package org.mysqldiscovery.sync.page;

import java.util.List;

/**
 * Everything the guard table ({@link ConditionKind}) judges, as the reconcile thread last saw it. Each part is
 * kept until its source speaks again: a blind pass does not forget the last plan's conditions.
 *
 * @param plan          the last plan, or null before the first one
 * @param moves         primaries away from the datacenter they left ({@link PrimaryDatacenters}), by schema
 * @param blindReason   why the sync is blind, or null when it sees
 * @param starting      true while the first view is being read (blindness then is tracked, not a trip)
 * @param adminError    why ProxySQL's admin refuses the last write, or null
 * @param conflict      why another writer of mysql_servers makes the sync refuse (replication hostgroups, ProxySQL
 *                      Cluster), or null
 */
public record GuardInputs(org.mysqldiscovery.sync.plan.Plan plan, List<PrimaryDatacenters.Move> moves,
        String blindReason, boolean starting, String adminError, String conflict) {
    /** The detail that marks blindness while the first view is read: tracked (it pages if it lasts), not a trip. */
    public static final String STARTING = "starting";

    public GuardInputs {
        moves = moves == null ? List.of() : List.copyOf(moves);
    }

    /** Nothing seen yet: no condition holds. */
    public static GuardInputs none() {
        return new GuardInputs(null, List.of(), null, false, null, null);
    }

    public GuardInputs withPlan(org.mysqldiscovery.sync.plan.Plan plan, List<PrimaryDatacenters.Move> moves) {
        return new GuardInputs(plan, moves, blindReason, starting, adminError, conflict);
    }

    public GuardInputs withBlind(String reason, boolean starting) {
        return new GuardInputs(plan, moves, reason, reason != null && starting, adminError, conflict);
    }

    public GuardInputs withAdminError(String message) {
        return new GuardInputs(plan, moves, blindReason, starting, message, conflict);
    }

    public GuardInputs withConflict(String message) {
        return new GuardInputs(plan, moves, blindReason, starting, adminError, message);
    }
}
