package org.mysqldiscovery.sync.proxysql;

import java.util.List;
import java.util.Optional;
import org.mysqldiscovery.common.model.Quoting;

/**
 * Is ProxySQL Cluster a second writer of the sync's rows? A node with peers in {@code proxysql_servers} and
 * {@code admin-cluster_mysql_servers_diffs_before_sync} above 0 copies a peer's whole {@code mysql_servers} once the
 * checksums have differed that many checks: every sync writes its own ProxySQL, so the nodes would overwrite each
 * other's rows (and a peer whose sync is blind or refusing would undo this one's). Coexistence is defined as: no
 * peers, or mysql_servers sync off ({@code diffs_before_sync = 0}); other modules (users, query rules) may still sync.
 * Pure: the caller reads the admin.
 */
public final class ClusterCheck {
    public static final String DIFFS_VARIABLE = "admin-cluster_mysql_servers_diffs_before_sync";
    private static final int SAMPLE = 5;

    private ClusterCheck() {
    }

    /**
     * @param peers      rows of {@code proxysql_servers} as host:port (runtime when the admin has it)
     * @param diffsValue {@value #DIFFS_VARIABLE}, empty when the admin does not know the variable
     * @return why the sync must not write this ProxySQL, or empty when it may
     */
    public static Optional<String> conflict(List<String> peers, Optional<String> diffsValue) {
        if (peers.isEmpty()) {
            return Optional.empty();
        }
        String diffs;
        if (diffsValue.isEmpty()) {
            // Peers but no such variable: an admin we cannot read fully; assume the Cluster syncs (safety first).
            diffs = "unknown";
        } else {
            String text = diffsValue.get().trim();
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value == 0) {
                return Optional.empty();
            }
            diffs = value > 0 ? Long.toString(value) : Quoting.quote(diffsValue.get()) + " (not a number)";
        }
        return Optional.of("ProxySQL Cluster would copy mysql_servers from " + peers.size() + " peer(s) in "
                + "proxysql_servers (" + String.join(", ", peers.subList(0, Math.min(SAMPLE, peers.size())))
                + (peers.size() > SAMPLE ? ", …" : "") + ") with " + DIFFS_VARIABLE + "=" + diffs
                + ": the peers' rows would overwrite this sync's. Set " + DIFFS_VARIABLE
                + " to 0 (LOAD ADMIN VARIABLES TO RUNTIME) on every node, each with its own sync, or empty "
                + "proxysql_servers");
    }
}
