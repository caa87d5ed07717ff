package org.mysqldiscovery.sandbox.suite;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.mysqldiscovery.sandbox.SchemaSpec;

/**
 * What the sandbox runs.
 *
 * @param zookeeperNodes       1 or 3
 * @param tickTimeMillis       ZooKeeper tick (sessions can be as short as two ticks)
 * @param schemas              the MySQL clusters
 * @param proxysqlAdmin        a real ProxySQL admin ({@code mysql://USER:PASSWORD@HOST:PORT}); empty: the stand-in
 * @param checkIntervalMillis  the health agents' check interval
 * @param sessionTimeoutMillis every program's ZooKeeper session timeout
 * @param keepDir              keep the sandbox directory after close
 */
public record SuiteSettings(int zookeeperNodes, int tickTimeMillis, List<SchemaSpec> schemas,
        Optional<URI> proxysqlAdmin, int checkIntervalMillis, int sessionTimeoutMillis, boolean keepDir) {

    public SuiteSettings {
        if (zookeeperNodes != 1 && zookeeperNodes != 3) {
            throw new IllegalArgumentException("zookeeperNodes: 1 or 3, not " + zookeeperNodes);
        }
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("schemas: at least one");
        }
        schemas = List.copyOf(schemas);
        if (sessionTimeoutMillis < 2 * tickTimeMillis) {
            throw new IllegalArgumentException("sessionTimeoutMillis: at least two ticks (" + 2 * tickTimeMillis + ")");
        }
    }

    /** One schema {@code orders}: a primary and two replicas, one ZooKeeper, the stand-in. */
    public static SuiteSettings defaults() {
        return new SuiteSettings(1, 200, List.of(new SchemaSpec("orders", 3, 0)), Optional.empty(), 250, 3000,
                false);
    }

    public SuiteSettings withZookeeperNodes(int nodes) {
        return new SuiteSettings(nodes, tickTimeMillis, schemas, proxysqlAdmin, checkIntervalMillis,
                sessionTimeoutMillis, keepDir);
    }

    public SuiteSettings withSchemas(List<SchemaSpec> newSchemas) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, newSchemas, proxysqlAdmin, checkIntervalMillis,
                sessionTimeoutMillis, keepDir);
    }

    public SuiteSettings withProxysqlAdmin(Optional<URI> admin) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, admin, checkIntervalMillis,
                sessionTimeoutMillis, keepDir);
    }

    public SuiteSettings withKeepDir(boolean keep) {
        return new SuiteSettings(zookeeperNodes, tickTimeMillis, schemas, proxysqlAdmin, checkIntervalMillis,
                sessionTimeoutMillis, keep);
    }
}
