package org.mysqldiscovery.sync.plan;

import java.util.OptionalInt;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Role;

/**
 * The hostgroup of each role of one schema; a role may be absent (its registrations are then not routed).
 *
 * @param primary          writer hostgroup, or null
 * @param replica          reader hostgroup, or null
 * @param reportingReplica reporting reader hostgroup, or null
 */
public record SchemaHostgroups(Integer primary, Integer replica, Integer reportingReplica) {
    public static final int MAX_HOSTGROUP = Integer.MAX_VALUE;

    public SchemaHostgroups {
        check("primary", primary);
        check("replica", replica);
        check("reporting-replica", reportingReplica);
        if (primary == null && replica == null && reportingReplica == null) {
            throw new IllegalArgumentException("at least one of primary, replica, reporting-replica is required");
        }
    }

    private static void check(String role, Integer hostgroup) {
        if (hostgroup != null && hostgroup < 0) {
            throw new FieldException(role, "hostgroup " + hostgroup + " is negative");
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
}
