package org.mysqldiscovery.sync.page;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.sync.plan.Member;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.SchemaGuard;
import org.mysqldiscovery.sync.plan.SchemaVerdict;
import org.mysqldiscovery.sync.plan.View;

/**
 * Remembers the datacenter of each schema's primary and raises {@link ConditionKind#PRIMARY_MOVED_DATACENTER} when a
 * new primary is in another datacenter than the previous one. The condition holds while the primary stays away from
 * the datacenter it left (so the pager gets one trigger, not one per pass) and clears when a primary is back there.
 *
 * <p>Only a schema with exactly one primary whose registration names a datacenter is judged: a schema without primary
 * (mid-failover) or with two keeps the memory as it is, and a primary naming no datacenter neither moves nor clears
 * anything. The memory lives in this process only: after a restart the first primary seen is the reference, so a move
 * that happened while this sync was down is not paged by it (the syncs that were up page it).
 *
 * <p>Pure and not thread-safe: the reconciler's single pass thread feeds it.
 */
public final class PrimaryDatacenters {
    private final Map<SchemaName, String> last = new HashMap<>();
    private final Map<SchemaName, Move> moves = new TreeMap<>();

    /** A schema whose primary left {@code from} and is now {@code primary} in {@code to}. */
    public record Move(SchemaName schema, String from, String to, Instance primary) {
    }

    /**
     * Feeds one pass's view and plan; returns the conditions holding now (the guard table's
     * {@link ConditionKind#PRIMARY_MOVED_DATACENTER} row over {@link #moves()}).
     */
    public List<Condition> update(View view, Plan plan) {
        for (SchemaVerdict verdict : plan.verdicts().values()) {
            if (verdict.guard() != SchemaGuard.OK || verdict.primaries().size() != 1) {
                continue;
            }
            Instance primary = verdict.primaries().get(0);
            String datacenter = datacenterOf(view, verdict.schema(), primary);
            if (datacenter.isEmpty()) {
                continue;
            }
            String previous = last.put(verdict.schema(), datacenter);
            Move move = moves.get(verdict.schema());
            if (move != null && move.from().equals(datacenter)) {
                moves.remove(verdict.schema()); // back where it was: resolved
            } else if (move != null) {
                moves.put(verdict.schema(), new Move(verdict.schema(), move.from(), datacenter, primary));
            } else if (previous != null && !previous.equals(datacenter)) {
                moves.put(verdict.schema(), new Move(verdict.schema(), previous, datacenter, primary));
            }
        }
        return ConditionKind.PRIMARY_MOVED_DATACENTER.match(GuardInputs.none().withPlan(null, moves()));
    }

    /** The primaries away from the datacenter they left, by schema. */
    public List<Move> moves() {
        return List.copyOf(moves.values());
    }

    /** The remembered datacenter of each schema's primary, for /status and tests. */
    public Map<SchemaName, String> remembered() {
        return Map.copyOf(last);
    }

    private static String datacenterOf(View view, SchemaName schema, Instance primary) {
        for (Member member : view.members()) {
            if (member.role().isPrimary() && member.schema().equals(schema) && member.instance().equals(primary)) {
                return member.datacenter();
            }
        }
        return "";
    }
}
