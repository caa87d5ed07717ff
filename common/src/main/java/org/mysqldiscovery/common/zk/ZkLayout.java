package org.mysqldiscovery.common.zk;

import java.util.List;
import java.util.Optional;
import org.apache.curator.utils.ZKPaths;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

/**
 * The ZooKeeper layout of docs/DESIGN.md, in one place. Every path the suite reads or writes is built and parsed here.
 *
 * <pre>
 * ROOT/mysql/SCHEMA/ROLE/HOST:PORT   ephemeral, health-agent
 * ROOT/proxysql/HOST:PORT            ephemeral, health-agent in tcp mode
 * ROOT/quarantine/HOST:PORT          persistent, role-agent and operator CLI
 * ROOT/sync/HOST:ADMINPORT           ephemeral, proxysql-sync
 * </pre>
 */
public final class ZkLayout {
    public static final String DEFAULT_ROOT = "/mysql-discovery";

    private final String root;

    public ZkLayout(String root) {
        if (root == null || !root.startsWith("/") || root.length() < 2 || root.endsWith("/") || root.contains("//")
                || root.length() > 512) {
            throw new IllegalArgumentException("ZooKeeper root " + root
                    + " is invalid: expected an absolute path such as /mysql-discovery, without a trailing '/'");
        }
        for (String segment : root.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.equals("zookeeper")) {
                throw new IllegalArgumentException("ZooKeeper root " + root + " has a reserved segment '" + segment + "'");
            }
        }
        this.root = root;
    }

    public static ZkLayout defaultLayout() {
        return new ZkLayout(DEFAULT_ROOT);
    }

    public String root() {
        return root;
    }

    public String mysqlRoot() {
        return root + "/mysql";
    }

    public String schemaPath(SchemaName schema) {
        return mysqlRoot() + "/" + schema.value();
    }

    public String rolePath(SchemaName schema, Role role) {
        return schemaPath(schema) + "/" + role.token();
    }

    public String registrationPath(SchemaName schema, Role role, Instance instance) {
        return rolePath(schema, role) + "/" + instance.spelling();
    }

    public String proxysqlRoot() {
        return root + "/proxysql";
    }

    public String proxysqlPath(Instance instance) {
        return proxysqlRoot() + "/" + instance.spelling();
    }

    public String quarantineRoot() {
        return root + "/quarantine";
    }

    public String quarantinePath(Instance instance) {
        return quarantineRoot() + "/" + instance.spelling();
    }

    public String syncRoot() {
        return root + "/sync";
    }

    public String syncPath(Instance proxysqlAdmin) {
        return syncRoot() + "/" + proxysqlAdmin.spelling();
    }

    /** The persistent parents every program may need to exist (created with {@code creatingParentsIfNeeded}). */
    public List<String> persistentParents() {
        return List.of(mysqlRoot(), proxysqlRoot(), quarantineRoot(), syncRoot());
    }

    /** A registration node path, parsed; empty when {@code path} is not one (a parent, a stray node). */
    public Optional<RegistrationPath> parseRegistrationPath(String path) {
        if (path == null || !path.startsWith(mysqlRoot() + "/")) {
            return Optional.empty();
        }
        List<String> parts = ZKPaths.split(path.substring(mysqlRoot().length()));
        if (parts.size() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RegistrationPath(new SchemaName(parts.get(0)), Role.fromToken(parts.get(1)),
                    Instance.parse(parts.get(2))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** The instance of a direct child of {@code parent} (quarantine/, proxysql/, sync/). */
    public Optional<Instance> parseChildInstance(String parent, String path) {
        if (path == null || !path.startsWith(parent + "/")) {
            return Optional.empty();
        }
        String child = path.substring(parent.length() + 1);
        if (child.isEmpty() || child.contains("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instance.parse(child));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** A parsed {@code mysql/<schema>/<role>/<instance>} path. */
    public record RegistrationPath(SchemaName schema, Role role, Instance instance) {
    }

    @Override
    public String toString() {
        return root;
    }
}
