package org.mysqldiscovery.health.check;

import java.time.Duration;
import java.time.Instant;

/**
 * The staleness bookkeeping of a replica's data across rounds: when replication last passed on a measured lag, and
 * that lag. Data never goes back, so it is at most (time since that pass + its lag) old: the bound that lets
 * {@link CheckRules#replication(ReplicaStatus, LagReading, long, long)} outlast a repoint's transients. Pure value.
 *
 * @param lastPass         when replication last passed on a measured lag, or null (no such pass, or a primary)
 * @param lastPassLagMillis the lag that pass measured
 */
public record Freshness(Instant lastPass, long lastPassLagMillis) {
    public static final Freshness NONE = new Freshness(null, 0);

    public Freshness {
        lastPassLagMillis = Math.max(0, lastPassLagMillis);
    }

    /** How old the data can at most be at {@code at}, or -1 when nothing bounds it. */
    public long boundMillis(Instant at) {
        return lastPass == null ? -1 : Duration.between(lastPass, at).toMillis() + lastPassLagMillis;
    }

    /**
     * The bookkeeping after a round that started at {@code started}: a primary forgets it; only a pass on a lag
     * measured within the limit renews it (a pass granted by the bound must not extend the bound).
     */
    public Freshness after(Observation seen, Verdict replication, long maxLagMillis, Instant started) {
        if (seen.role() != null && seen.role().isPrimary()) {
            return NONE;
        }
        Long measured = measuredLagMillis(seen.replica(), seen.lag());
        if (replication.status() == CheckStatus.PASS && measured != null && measured <= maxLagMillis) {
            return new Freshness(started, measured);
        }
        return this;
    }

    /** The lag a round measured with both threads running, or null when it measured none. */
    static Long measuredLagMillis(ReplicaStatus status, LagReading lag) {
        if (status == null || !"Yes".equals(status.ioRunning()) || !"Yes".equals(status.sqlRunning())) {
            return null;
        }
        if (lag instanceof LagReading.Heartbeat heartbeat) {
            return heartbeat.lagMillis();
        }
        if (lag == null || lag instanceof LagReading.SecondsBehind) {
            return status.secondsBehind() == null ? null : status.secondsBehind() * 1000;
        }
        return null;
    }
}
