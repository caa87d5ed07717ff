package org.mysqldiscovery.sync.plan;

import java.util.OptionalInt;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Role;

/**
 * The hostgroup of each role of one schema; a role may be absent (its registrations are then not routed). A reader
 * role may also have a remote hostgroup: the replicas of that role registered in another datacenter than the sync's,
 * used by {@link RemoteReads.Mode#HOSTGROUP} (see {@link Planner}).
 *
 * @param primary                writer hostgroup, or null
 * @param replica                reader hostgroup, or null
 * @param reportingReplica       reporting reader hostgroup, or null
 * @param replicaRemote          hostgroup of remote replicas, or null; needs {@code replica}
 * @param reportingReplicaRemote hostgroup of remote reporting-replicas, or null; needs {@code reportingReplica}
 */
public record SchemaHostgroups(Integer primary, Integer replica, Integer reportingReplica, Integer replicaRemote,
        Integer reportingReplicaRemote) {
    public static final int MAX_HOSTGROUP = Integer.MAX_VALUE;

    /** Without remote hostgroups. */
    public SchemaHostgroups(Integer primary, Integer replica, Integer reportingReplica) {
        this(primary, replica, reportingReplica, null, null);
    }

    public SchemaHostgroups {
        check("primary", primary);
        check("replica", replica);
        check("reporting-replica", reportingReplica);
        check("replica-remote", replicaRemote);
        check("reporting-replica-remote", reportingReplicaRemote);
        if (primary == null && replica == null && reportingReplica == null) {
            throw new IllegalArgumentException("at least one of primary, replica, reporting-replica is required");
        }
        if (replicaRemote != null && replica == null) {
            throw new FieldException("replica-remote", "needs replica (remote replicas fall back to the replica "
                    + "hostgroup when none is local)");
        }
        if (reportingReplicaRemote != null && reportingReplica == null) {
            throw new FieldException("reporting-replica-remote", "needs reporting-replica (remote reporting "
                    + "replicas fall back to the reporting-replica hostgroup when none is local)");
        }
    }

    private static void check(String key, Integer hostgroup) {
        if (hostgroup != null && hostgroup < 0) {
            throw new FieldException(key, "hostgroup " + hostgroup + " is negative");
        }
    }

    public OptionalInt hostgroup(Role role) {
        Integer id = switch (role) {
            case PRIMARY -> primary;
            case REPLICA -> replica;
            case REPORTING_REPLICA -> reportingReplica;
        };
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The hostgroup of the role's replicas in other datacenters; always empty for the primary. */
    public OptionalInt remoteHostgroup(Role role) {
        Integer id = switch (role) {
            case PRIMARY -> null;
            case REPLICA -> replicaRemote;
            case REPORTING_REPLICA -> reportingReplicaRemote;
        };
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Every hostgroup of the schema: each role's, then each remote one. */
    public int[] all() {
        return java.util.stream.Stream.of(primary, replica, reportingReplica, replicaRemote, reportingReplicaRemote)
                .filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
    }

    /** The config key of a role's hostgroup ({@code replica}) or remote hostgroup ({@code replica-remote}). */
    public static String key(Role role, boolean remote) {
        return remote ? role.token() + "-remote" : role.token();
    }
}
