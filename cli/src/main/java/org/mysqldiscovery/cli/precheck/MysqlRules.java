package org.mysqldiscovery.cli.precheck;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL's rules, on true GTID sets ({@code GTID_SUBSET} semantics, computed here).
 *
 * <p>Known history: the failed primary's {@code gtid_executed} when it still answers, and every replica's received
 * set: {@code Retrieved_Gtid_Set} plus the GTIDs of {@code gtid_executed} that carry another server's UUID (they came
 * through replication). A replica's errant GTIDs are {@code gtid_executed − history}: in practice transactions with
 * its own UUID that no other server has.
 */
final class MysqlRules implements GtidRules {
    /** Error messages name at most this much of an errant set. */
    private static final int MAX_SHOWN = 300;

    private final MysqlGtidSet history;

    MysqlRules(List<Observation> replicas, Optional<GtidState.Mysql> failedPrimary) {
        MysqlGtidSet known = failedPrimary.map(GtidState.Mysql::executed).orElse(MysqlGtidSet.empty());
        for (Observation replica : replicas) {
            known = known.union(received(replica));
        }
        this.history = known;
    }

    private static GtidState.Mysql state(Observation o) {
        return (GtidState.Mysql) o.gtids();
    }

    static MysqlGtidSet received(Observation replica) {
        GtidState.Mysql s = state(replica);
        MysqlGtidSet foreign = s.executed().subtract(s.executed().ofUuid(s.serverUuid()));
        return s.retrieved().union(foreign);
    }

    @Override
    public List<ErrantGtid> errants(Observation replica) {
        MysqlGtidSet errant = state(replica).executed().subtract(history);
        if (errant.isEmpty()) {
            return List.of();
        }
        String text = errant.toString();
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "…";
        }
        return List.of(new ErrantGtid(text, errant.count() + " transaction(s) not in the failed primary's known"
                + " history (GTID_SUBSET(gtid_executed, history) is false)"));
    }

    @Override
    public boolean caughtUp(Observation replica) {
        return state(replica).executed().containsAll(history);
    }

    @Override
    public BigInteger progress(Observation replica) {
        return received(replica).count();
    }

    @Override
    public String historyText() {
        String text = history.toString();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }

    @Override
    public Map<String, String> gtidValues(Observation replica) {
        GtidState.Mysql s = state(replica);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("gtid_executed", s.executed().toString());
        values.put("Retrieved_Gtid_Set", s.retrieved().toString());
        return values;
    }
}
