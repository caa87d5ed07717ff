package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rows the sync must drain before it removes them: ONLINE (or already OFFLINE_SOFT) rows of a writer (primary) hostgroup that the diff
 * deletes. ProxySQL re-sends an autocommit write whose server left the hostgroup mid-query to the next writer
 * ({@code mysql-query_retries_on_failure}, default 1; docs/reference/proxysql-admin.md), so such a row first goes
 * {@code OFFLINE_SOFT} (no new query, the running ones finish) and leaves only when nothing runs on it any more.
 * Reader rows leave at once: a re-sent read is harmless. Pure: rows in, rows out.
 */
public final class WriterDrain {
    /** Statuses that may still run queries: OFFLINE_SOFT too (a drain interrupted by an admin error is redone). */
    private static final Set<String> DRAINABLE = Set.of(ServerRow.ONLINE, ServerRow.OFFLINE_SOFT);
    private WriterDrain() {
    }

    /**
     * @param map     the managed hostgroups (which of them are writer hostgroups)
     * @param current the managed rows of {@code mysql_servers} now
     * @param diff    current → desired
     * @return the rows to write as {@code OFFLINE_SOFT} and load before the diff, sorted; empty when no live writer
     *         leaves
     */
    public static List<ServerRow> rowsToDrain(HostgroupMap map, Collection<ServerRow> current, RowDiff diff) {
        if (diff.deletes().isEmpty()) {
            return List.of();
        }
        Set<RowKey> deleted = new HashSet<>(diff.deletes());
        List<ServerRow> drain = new ArrayList<>();
        for (ServerRow row : current) {
            if (DRAINABLE.contains(row.status()) && deleted.contains(row.key())
                    && map.slot(row.hostgroupId()).map(slot -> slot.role().isPrimary()).orElse(false)) {
                drain.add(row.withStatus(ServerRow.OFFLINE_SOFT));
            }
        }
        drain.sort(null);
        return List.copyOf(drain);
    }
}
