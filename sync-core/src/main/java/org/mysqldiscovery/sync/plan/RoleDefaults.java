package org.mysqldiscovery.sync.plan;

import java.util.Map;
import java.util.Objects;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Role;

/** Weight and max_connections of a role's rows when a registration does not say (its values are 0). */
public record RoleDefaults(Map<Role, ServerDefaults> byRole) {
    public RoleDefaults {
        Objects.requireNonNull(byRole, "byRole");
        for (Role role : Role.values()) {
            if (!byRole.containsKey(role)) {
                throw new FieldException(role.token(), "defaults are missing");
            }
        }
        byRole = Map.copyOf(byRole);
    }

    /** ProxySQL's own column defaults (weight 1, max_connections 1000) for every role. */
    public static RoleDefaults standard() {
        ServerDefaults proxysql = new ServerDefaults(1, 1000);
        return new RoleDefaults(Map.of(Role.PRIMARY, proxysql, Role.REPLICA, proxysql, Role.REPORTING_REPLICA, proxysql));
    }

    public ServerDefaults of(Role role) {
        return byRole.get(role);
    }

    /**
     * @param weight         ProxySQL weight, 1..10000000 (0 would starve the server of traffic)
     * @param maxConnections ProxySQL max_connections, 1..1000000
     * @param remote         how a datacenter-aware sync routes this role's replicas in other datacenters; the
     *                       primary's is never used (the writer hostgroup has the one primary wherever it is)
     */
    public record ServerDefaults(int weight, int maxConnections, RemoteReads remote) {
        /** With the default remote reads (weight 1). */
        public ServerDefaults(int weight, int maxConnections) {
            this(weight, maxConnections, RemoteReads.DEFAULT);
        }

        public ServerDefaults {
            Objects.requireNonNull(remote, "remote");
            Range.check("weight", weight, 1, ServerRow.MAX_WEIGHT);
            Range.check("maxConnections", maxConnections, 1, ServerRow.MAX_CONNECTIONS);
        }
    }
}
