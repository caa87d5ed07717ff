package org.mysqldiscovery.sync.proxysql;

import java.util.List;
import org.mysqldiscovery.sync.plan.ServerRow;

/**
 * A verified apply (LOAD done, runtime checked; not yet saved to disk).
 *
 * @param statements   statements sent (writes and LOAD)
 * @param writeMillis  time spent in DELETE/REPLACE
 * @param loadMillis   time of LOAD MYSQL SERVERS TO RUNTIME
 * @param verifyMillis time of reading runtime_mysql_servers back
 * @param runtime      runtime rows of the managed hostgroups after LOAD (they matched)
 * @param drain        what the drain of leaving writers did before the diff ({@link Drain#NONE} when none left)
 */
public record ApplyResult(int statements, long writeMillis, long loadMillis, long verifyMillis,
        List<ServerRow> runtime, Drain drain) {
    public ApplyResult {
        runtime = List.copyOf(runtime);
        drain = drain == null ? Drain.NONE : drain;
    }

    /**
     * The drain of leaving writers.
     *
     * @param rows      writer rows set {@code OFFLINE_SOFT} before they left
     * @param millis    from that LOAD until nothing ran on them (or the bound passed)
     * @param stillUsed queries still running on them when they left (0 unless the bound passed or the stats could
     *                  not be read)
     * @param timedOut  true when the bound passed with queries still running (they may be re-sent by ProxySQL)
     */
    public record Drain(int rows, long millis, int stillUsed, boolean timedOut) {
        public static final Drain NONE = new Drain(0, 0, 0, false);
    }
}
