package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.sync.config.SyncConfig;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.ServerRow;
import org.mysqldiscovery.sync.proxysql.AdminEndpoint;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.ProxySqlAdmin;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;

/**
 * What ProxySQL really routes ({@code status --sync-config SYNC.yaml}): the rows of {@code runtime_mysql_servers} in
 * the hostgroups that sync manages, read through the admin interface with the sync's own config. A registration says
 * weight 0 when the sync applies its per-role default: only ProxySQL knows the weight it holds.
 *
 * @param byInstance the rows by instance ({@code host:port}, IPv6 as {@code [addr]:port})
 * @param errors     a ProxySQL that could not be read, and why
 */
public record ProxySqlRoutes(Map<String, List<Route>> byInstance, List<String> errors) {

    /** No ProxySQL asked about. */
    public static final ProxySqlRoutes NONE = new ProxySqlRoutes(Map.of(), List.of());

    /**
     * One runtime row.
     *
     * @param proxysql       the ProxySQL admin it was read from
     * @param hostgroup      the hostgroup
     * @param schema         the schema the sync's hostgroup map gives that hostgroup
     * @param role           the role it gives it
     * @param remote         true when it is the role's remote hostgroup ({@code <role>-remote}: replicas in other
     *                       datacenters than the sync's, {@code defaults.<role>.remote.mode: hostgroup})
     * @param weight         the weight ProxySQL holds
     * @param maxConnections its max_connections
     * @param status         ONLINE, SHUNNED, OFFLINE_SOFT or OFFLINE_HARD
     */
    @JsonPropertyOrder({"proxysql", "hostgroup", "schema", "role", "remote", "weight", "maxConnections", "status"})
    public record Route(String proxysql, int hostgroup, String schema, String role, boolean remote, int weight,
            int maxConnections, String status) {
    }

    public ProxySqlRoutes {
        byInstance = Map.copyOf(byInstance);
        errors = List.copyOf(errors);
    }

    /** The routes of the given instance; empty when no ProxySQL read holds a row for it. */
    public List<Route> of(String instance) {
        return byInstance.getOrDefault(instance, List.of());
    }

    /** Reads each sync config's ProxySQL; an unreadable ProxySQL is an error in the result, a bad config a usage error. */
    static ProxySqlRoutes read(List<Path> syncConfigs) {
        Map<String, List<Route>> routes = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (Path file : syncConfigs) {
            SyncConfig sync;
            try {
                sync = SyncConfig.load(file);
            } catch (ConfigException e) {
                throw CliException.usage("sync config: " + e.getMessage());
            }
            HostgroupMap map = sync.planner().map();
            AdminEndpoint endpoint = AdminEndpoint.of(sync.proxysql());
            String name = sync.proxysql().admin().spelling();
            try (ProxySqlAdmin admin = new ProxySqlAdmin(endpoint)) {
                for (ServerRow row : new ProxySqlApplier(admin, map.managedHostgroups()).read().runtime()) {
                    map.slot(row.hostgroupId()).ifPresent(slot -> routes
                            .computeIfAbsent(spelling(row.hostname(), row.port()), k -> new ArrayList<>())
                            .add(new Route(name, row.hostgroupId(), slot.schema().value(), slot.role().token(),
                                    slot.remote(), row.weight(), row.maxConnections(), row.status())));
                }
            } catch (AdminException e) {
                errors.add("cannot read " + endpoint + " (" + file + "): " + e.getMessage());
            }
        }
        return new ProxySqlRoutes(routes, errors);
    }

    static String spelling(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
