package org.mysqldiscovery.sync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.plan.RoleDefaults;

/**
 * Config key {@code defaults}: weight and max_connections per role, used when a registration does not give its own
 * (registration values above 0 win).
 */
public record RoleDefaultsSettings(ServerDefaultsSettings primary, ServerDefaultsSettings replica,
        ServerDefaultsSettings reportingReplica) {

    @JsonCreator
    public RoleDefaultsSettings(@JsonProperty("primary") ServerDefaultsSettings primary,
            @JsonProperty("replica") ServerDefaultsSettings replica,
            @JsonProperty("reporting-replica") ServerDefaultsSettings reportingReplica) {
        this.primary = primary == null ? ServerDefaultsSettings.standard() : primary;
        this.replica = replica == null ? ServerDefaultsSettings.standard() : replica;
        this.reportingReplica = reportingReplica == null ? ServerDefaultsSettings.standard() : reportingReplica;
    }

    public static RoleDefaultsSettings standard() {
        return new RoleDefaultsSettings(null, null, null);
    }

    public RoleDefaults toRoleDefaults() {
        return new RoleDefaults(Map.of(Role.PRIMARY, primary.toServerDefaults(), Role.REPLICA,
                replica.toServerDefaults(), Role.REPORTING_REPLICA, reportingReplica.toServerDefaults()));
    }

    /**
     * @param weight         ProxySQL weight, 1..10000000, default 1000
     * @param maxConnections ProxySQL max_connections, 1..1000000, default 1000
     */
    public record ServerDefaultsSettings(Integer weight, Integer maxConnections) {
        public ServerDefaultsSettings {
            weight = weight == null ? 1000 : weight;
            maxConnections = maxConnections == null ? 1000 : maxConnections;
            new RoleDefaults.ServerDefaults(weight, maxConnections);
        }

        public static ServerDefaultsSettings standard() {
            return new ServerDefaultsSettings(null, null);
        }

        RoleDefaults.ServerDefaults toServerDefaults() {
            return new RoleDefaults.ServerDefaults(weight, maxConnections);
        }
    }
}
