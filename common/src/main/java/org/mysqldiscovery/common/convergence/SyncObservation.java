package org.mysqldiscovery.common.convergence;

import org.mysqldiscovery.common.model.SyncStatus;

/**
 * One {@code sync/} node as read from ZooKeeper.
 *
 * @param node    the node name ({@code <proxysql-host>:<admin-port>})
 * @param status  its decoded payload, or null
 * @param problem why the payload could not be decoded, or null
 */
public record SyncObservation(String node, SyncStatus status, String problem) {
    public SyncObservation {
        if (node == null) {
            throw new IllegalArgumentException("node is missing");
        }
        if ((status == null) == (problem == null)) {
            throw new IllegalArgumentException("exactly one of status and problem");
        }
    }

    public static SyncObservation of(String node, SyncStatus status) {
        return new SyncObservation(node, status, null);
    }

    public static SyncObservation unreadable(String node, String problem) {
        return new SyncObservation(node, null, problem);
    }
}
