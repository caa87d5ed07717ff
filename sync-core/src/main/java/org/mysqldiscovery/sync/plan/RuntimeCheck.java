package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Does {@code runtime_mysql_servers} reflect the desired rows? Lenient where ProxySQL legitimately differs from its
 * configuration: a desired ONLINE server may be SHUNNED by ProxySQL's own health decisions, and a deleted server
 * lingers as OFFLINE_HARD while connections to it drain.
 */
public final class RuntimeCheck {
    private static final int MAX_REPORTED = 10;

    private RuntimeCheck() {
    }

    /** Human-readable differences (at most a few); empty when runtime matches. */
    public static List<String> mismatches(Collection<ServerRow> desired, Collection<ServerRow> runtime) {
        Map<RowKey, ServerRow> live = new HashMap<>(runtime.size() * 2);
        for (ServerRow row : runtime) {
            live.put(row.key(), row);
        }
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (ServerRow want : desired) {
            ServerRow have = live.remove(want.key());
            String problem = null;
            if (have == null) {
                problem = want.key() + " missing from runtime";
            } else if (!have.sameConfigurationAs(want)) {
                problem = want.key() + " differs in runtime: " + have.canonical() + " instead of " + want.canonical();
            } else if (!statusAcceptable(want.status(), have.status())) {
                problem = want.key() + " is " + have.status() + " in runtime instead of " + want.status();
            }
            if (problem != null && count++ < MAX_REPORTED) {
                problems.add(problem);
            }
        }
        for (ServerRow extra : live.values()) {
            if (!extra.status().equals(ServerRow.OFFLINE_HARD) && count++ < MAX_REPORTED) {
                problems.add(extra.key() + " is in runtime (" + extra.status() + ") but not wanted");
            }
        }
        if (count > MAX_REPORTED) {
            problems.add("… " + (count - MAX_REPORTED) + " more");
        }
        return problems;
    }

    public static boolean matches(Collection<ServerRow> desired, Collection<ServerRow> runtime) {
        return mismatches(desired, runtime).isEmpty();
    }

    private static boolean statusAcceptable(String wanted, String actual) {
        if (wanted.equals(actual)) {
            return true;
        }
        return wanted.equals(ServerRow.ONLINE) && actual.equals(ServerRow.SHUNNED);
    }
}
