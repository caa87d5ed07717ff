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
 */
public record ApplyResult(int statements, long writeMillis, long loadMillis, long verifyMillis,
        List<ServerRow> runtime) {
    public ApplyResult {
        runtime = List.copyOf(runtime);
    }
}
