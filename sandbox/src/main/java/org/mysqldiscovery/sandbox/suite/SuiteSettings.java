package org.mysqldiscovery.sandbox.suite;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.sandbox.SchemaSpec;

/**
 * What the sandbox runs.
 *
 * @param zookeeperNodes       1 or 3
 * @param tickTimeMillis       ZooKeeper tick (sessions can be as short as two ticks)
 * @param schemas              the MySQL clusters
 * @param proxysqlAdmin        a real ProxySQL admin ({@code mysql://USER:PASSWORD@HOST:PORT}); empty: the stand-in
 * @param proxysqlMysql        that real ProxySQL's MySQL interface ({@code mysql://HOST:PORT}): the scenarios' writer
 *                             writes through it; empty: the writer routes as ProxySQL would, by the runtime rows
 * @param checkIntervalMillis  the health agents' check interval
 * @param sessionTimeoutMillis every program's ZooKeeper session timeout
 * @param keepDir              keep the sandbox directory after close
 * @param datacenters          where the servers and the sync are (issue 18); null: no datacenters at all
 */
public record SuiteSettings(int zookeeperNodes, int tickTimeMillis, List<SchemaSpec> schemas,
        Optional<URI> proxysqlAdmin, Optional<URI> proxysqlMysql, int checkIntervalMillis, int sessionTimeoutMillis,
        boolean keepDir, Datacenters datacenters) {

    /**
     * Two (or more) datacenters in one sandbox: each server's health agent registers the datacenter of its position
     * in its schema, the sync runs in one of them (its {@code proxysql.datacenter}).
     *
     * @param servers    the datacenter of the n-th server of every schema (the first is the primary); servers past
     *                   the list's end are in its last datacenter
     * @param sync       the sync's datacenter
     * @param remoteMode {@code defaults.replica.remote.mode} of the sync: {@code weight} or {@code exclude}
     */
    public record Datacenters(List<String> servers, String sync, String remoteMode) {
        public Datacenters {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("datacenters.servers: at least one");
            }
            for (String dc : servers) {
                if (!dc.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new IllegalArgumentException("datacenters.servers: " + dc + " is not a plain name");
                }
            }
            if (!sync.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("datacenters.sync: " + sync + " is not a plain name");
            }
            if (!remoteMode.equals("weight") && !remoteMode.equals("exclude")) {
                throw new IllegalArgumentException("datacenters.remoteMode: weight or exclude, not " + remoteMode);
            }
        }

        /** The datacenter of the {@code index}-th server (from 0) of a schema. */
        public String of(int index) {
            return servers.get(Math.min(index, servers.size() - 1));
        }
    }

    /** Without datacenters. */
    public SuiteSettings(int zookeeperNodes, int tickTimeMillis, List<SchemaSpec> schemas,
            Optional<URI> proxysqlAdmin, Optional<URI> proxysqlMysql, int checkIntervalMillis, int sessionTimeoutMillis,
            boolean keepDir) {
        this(zookeeperNodes, tickTimeMillis, schemas, proxysqlAdmin, proxysqlMysql, checkIntervalMillis,
                sessionTimeoutMillis, keepDir, null);
    }

    public SuiteSettings {
        if (zookeeperNodes != 1 && zookeeperNodes != 3) {
            throw new FieldException("zookeeperNodes", "1 or 3, not " + zookeeperNodes);
        }
        if (schemas.isEmpty()) {
            throw new FieldException("schemas", "at least one");
        }
        schemas = List.copyOf(schemas);
        if (proxysqlMysql.isPresent() && proxysqlAdmin.isEmpty()) {
            throw new FieldException("proxysqlMysql", "a real ProxySQL's MySQL interface needs its admin too "
                    + "(the stand-in has no MySQL interface)");
        }
        proxysqlMysql.ifPresent(SuiteSettings::checkMysqlInterface);
        if (sessionTimeoutMillis < 2 * tickTimeMillis) {
            throw new FieldException("sessionTimeoutMillis", "at least two ticks (" + 2 * tickTimeMillis + ")");
        }
    }

    /** One schema {@code orders}: a primary and two replicas, one ZooKeeper, the stand-in. */
    public static SuiteSettings defaults() {
        return new SuiteSettings(1, 200, List.of(new SchemaSpec("orders", 3, 0)), Optional.empty(), Optional.empty(),
                250, 3000, false);
    }

    public SuiteSettings withZookeeperNodes(int nodes) {
        return new SuiteSettings(nodes, tickTimeMillis, schemas, proxysqlAdmin, proxysqlMysql,
                checkIntervalMillis, sessionTimeoutMillis, keepDir, datacenters);
    }

    public SuiteSettings withSchemas(List<SchemaSpec> newSchemas) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, newSchemas, proxysqlAdmin, proxysqlMysql,
                checkIntervalMillis, sessionTimeoutMillis, keepDir, datacenters);
    }

    public SuiteSettings withProxysqlAdmin(Optional<URI> admin) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, admin, proxysqlMysql,
                checkIntervalMillis, sessionTimeoutMillis, keepDir, datacenters);
    }

    public SuiteSettings withProxysqlMysql(Optional<URI> mysql) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, proxysqlAdmin, mysql,
                checkIntervalMillis, sessionTimeoutMillis, keepDir, datacenters);
    }

    private static void checkMysqlInterface(URI url) {
        if (!"mysql".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1 || url.getPort() > 65535) {
            throw new FieldException("proxysqlMysql", "mysql://HOST:PORT, not " + url);
        }
    }

    public SuiteSettings withKeepDir(boolean keep) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, proxysqlAdmin, proxysqlMysql,
                checkIntervalMillis, sessionTimeoutMillis, keep, datacenters);
    }

    public SuiteSettings withDatacenters(Datacenters newDatacenters) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, proxysqlAdmin, proxysqlMysql,
                checkIntervalMillis, sessionTimeoutMillis, keepDir, newDatacenters);
    }
}
