package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to change in {@code mysql_servers} to get from the current rows to the desired ones.
 *
 * @param upserts rows to write (new, or differing in some column): written with REPLACE, so a row that appeared
 *                meanwhile is overwritten rather than failing on the primary key
 * @param deletes keys of rows to remove
 */
public record RowDiff(List<ServerRow> upserts, List<RowKey> deletes) {
    public RowDiff {
        upserts = List.copyOf(upserts);
        deletes = List.copyOf(deletes);
    }

    public static RowDiff none() {
        return new RowDiff(List.of(), List.of());
    }

    /** The difference between {@code current} and {@code desired} (both restricted to the same hostgroups). */
    public static RowDiff between(Collection<ServerRow> current, Collection<ServerRow> desired) {
        Map<RowKey, ServerRow> now = new HashMap<>(current.size() * 2);
        for (ServerRow row : current) {
            now.put(row.key(), row);
        }
        List<ServerRow> upserts = new ArrayList<>();
        for (ServerRow row : desired) {
            ServerRow existing = now.remove(row.key());
            if (!row.equals(existing)) {
                upserts.add(row);
            }
        }
        List<RowKey> deletes = new ArrayList<>(now.keySet());
        upserts.sort(null);
        deletes.sort(null);
        return new RowDiff(upserts, deletes);
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty();
    }

    public int size() {
        return upserts.size() + deletes.size();
    }

    @Override
    public String toString() {
        return "RowDiff[upserts=" + upserts.size() + ", deletes=" + deletes.size() + "]";
    }
}
