package org.mysqldiscovery.cli.precheck;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MariaDB's rules (one stream per domain under {@code gtid_strict_mode}, positions rather than sets).
 *
 * <p>Known history: the failed primary's own positions when it still answers, and every replica's received
 * positions: {@code gtid_slave_pos}, {@code Gtid_IO_Pos}, and the entries of {@code gtid_binlog_pos} /
 * {@code gtid_current_pos} that carry another server's id (they came through replication).
 *
 * <p>A replica's GTID (from {@code gtid_binlog_pos} or {@code gtid_current_pos}) is errant when
 * <ol>
 *   <li>no known position's stream contains it (a later or unknown sequence number, or the same sequence number
 *       written by another server: a fork), or</li>
 *   <li>it carries the replica's own server id, lies beyond the replica's {@code gtid_slave_pos}, and no other server
 *       has seen that server id's transactions that far: a write made on the replica after its last replicated
 *       transaction, which the stream moved past (replication then stops under strict mode).</li>
 * </ol>
 */
final class MariaRules implements GtidRules {
    private final MariaHistory history = new MariaHistory();

    MariaRules(List<Observation> replicas, Optional<GtidState.Maria> failedPrimary) {
        failedPrimary.ifPresent(p -> {
            history.addAll(p.binlogPos().gtids());
            history.addAll(p.currentPos().gtids());
            history.addAll(p.slavePos().gtids());
        });
        for (Observation replica : replicas) {
            history.addAll(received(replica));
        }
    }

    private static GtidState.Maria state(Observation o) {
        return (GtidState.Maria) o.gtids();
    }

    /** What the replica got through replication. */
    static List<MariaGtid> received(Observation replica) {
        GtidState.Maria s = state(replica);
        List<MariaGtid> out = new ArrayList<>(s.slavePos().gtids());
        out.addAll(s.ioPos().gtids());
        s.binlogPos().gtids().stream().filter(g -> g.server() != s.serverId()).forEach(out::add);
        s.currentPos().gtids().stream().filter(g -> g.server() != s.serverId()).forEach(out::add);
        return out;
    }

    @Override
    public List<ErrantGtid> errants(Observation replica) {
        GtidState.Maria s = state(replica);
        Set<MariaGtid> executed = new LinkedHashSet<>(s.binlogPos().gtids());
        executed.addAll(s.currentPos().gtids());
        List<ErrantGtid> out = new ArrayList<>();
        for (MariaGtid gtid : executed) {
            if (!history.contains(gtid)) {
                String known = history.mostAdvanced(gtid.domain()).map(MariaGtid::toString)
                        .orElse("nothing in domain " + gtid.domain());
                out.add(new ErrantGtid(gtid.toString(), "not in the failed primary's known history (most advanced"
                        + " known: " + known + ")"));
            } else if (gtid.server() == s.serverId() && !receivedItself(s, gtid) && !history.knowsServerUpTo(gtid)) {
                String last = s.slavePos().inDomain(gtid.domain()).map(MariaGtid::toString).orElse("none");
                out.add(new ErrantGtid(gtid.toString(), "written on this replica (its own server_id "
                        + s.serverId() + ") after the last GTID it replicated (" + last
                        + "), and no other server has it"));
            }
        }
        return out;
    }

    /** Applied through replication: at or before the replica's last replicated GTID of that domain. */
    private static boolean receivedItself(GtidState.Maria s, MariaGtid gtid) {
        return s.slavePos().inDomain(gtid.domain()).map(gtid::isWithin).orElse(false);
    }

    @Override
    public boolean caughtUp(Observation replica) {
        GtidState.Maria s = state(replica);
        for (MariaGtid head : history.heads()) {
            boolean applied = s.slavePos().inDomain(head.domain()).map(head::isWithin).orElse(false)
                    || s.binlogPos().inDomain(head.domain()).map(head::isWithin).orElse(false)
                    || s.currentPos().inDomain(head.domain()).map(head::isWithin).orElse(false);
            if (!applied) {
                return false;
            }
        }
        return true;
    }

    @Override
    public BigInteger progress(Observation replica) {
        Map<Long, MariaGtid> best = new LinkedHashMap<>();
        for (MariaGtid g : received(replica)) {
            best.merge(g.domain(), g, (a, b) -> a.compareSeq(b) >= 0 ? a : b);
        }
        BigInteger total = BigInteger.ZERO;
        for (MariaGtid g : best.values()) {
            total = total.add(new BigInteger(Long.toUnsignedString(g.seq())));
        }
        return total;
    }

    @Override
    public String historyText() {
        return history.toString();
    }

    @Override
    public Map<String, String> gtidValues(Observation replica) {
        GtidState.Maria s = state(replica);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("gtid_binlog_pos", s.binlogPos().toString());
        values.put("gtid_slave_pos", s.slavePos().toString());
        values.put("gtid_current_pos", s.currentPos().toString());
        values.put("Gtid_IO_Pos", s.ioPos().toString());
        return values;
    }
}
