package org.mysqldiscovery.sync.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.sync.plan.RemoteReads;
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
        if (this.primary.remote() != null) {
            throw new FieldException("primary.remote", "is not allowed (the writer hostgroup always has the "
                    + "schema's one primary, in whatever datacenter it is)");
        }
    }

    /** The reader roles whose remote replicas go to a remote hostgroup ({@code remote.mode: hostgroup}). */
    public java.util.List<Role> remoteHostgroupRoles() {
        java.util.List<Role> roles = new java.util.ArrayList<>();
        if (replica.remote() != null && replica.remote().mode().equals(RemoteReads.Mode.HOSTGROUP.token())) {
            roles.add(Role.REPLICA);
        }
        if (reportingReplica.remote() != null
                && reportingReplica.remote().mode().equals(RemoteReads.Mode.HOSTGROUP.token())) {
            roles.add(Role.REPORTING_REPLICA);
        }
        return roles;
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
     * @param remote         replicas in other datacenters than {@code proxysql.datacenter} (reader roles only);
     *                       absent: {@code weight} mode with weight 1
     */
    public record ServerDefaultsSettings(Integer weight, Integer maxConnections, RemoteSettings remote) {
        public ServerDefaultsSettings(Integer weight, Integer maxConnections) {
            this(weight, maxConnections, null);
        }

        public ServerDefaultsSettings {
            weight = weight == null ? 1000 : weight;
            maxConnections = maxConnections == null ? 1000 : maxConnections;
            new RoleDefaults.ServerDefaults(weight, maxConnections);
        }

        public static ServerDefaultsSettings standard() {
            return new ServerDefaultsSettings(null, null);
        }

        RoleDefaults.ServerDefaults toServerDefaults() {
            return new RoleDefaults.ServerDefaults(weight, maxConnections,
                    remote == null ? RemoteReads.DEFAULT : remote.toRemoteReads());
        }
    }

    /**
     * Config key {@code defaults.<role>.remote}.
     *
     * @param mode   {@code weight} (default): remote replicas get {@code weight} while a local one is healthy;
     *               {@code exclude}: they are left out while a local one is healthy; {@code hostgroup}: they go to
     *               the schema's {@code hostgroups.<schema>.<role>-remote} (always, needs {@code proxysql.datacenter}).
     *               Whatever the mode, with no healthy local replica of the schema and role, remote replicas are
     *               routed in the role's hostgroup like local ones (fallback)
     * @param weight ProxySQL weight of remote replicas in {@code weight} mode, 1..10000000, default 1; not allowed
     *               with {@code exclude} or {@code hostgroup}
     */
    public record RemoteSettings(String mode, Integer weight) {
        public RemoteSettings {
            RemoteReads.Mode parsed = RemoteReads.Mode.fromToken(mode == null ? "weight" : mode);
            mode = parsed.token();
            if (parsed != RemoteReads.Mode.WEIGHT && weight != null) {
                throw new FieldException("weight", "is not used with mode " + parsed.token() + " (remove it)");
            }
            weight = weight == null ? 1 : weight;
            new RemoteReads(parsed, weight);
        }

        RemoteReads toRemoteReads() {
            return new RemoteReads(RemoteReads.Mode.fromToken(mode), weight);
        }
    }
}
