package org.mysqldiscovery.cli.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.cli.view.ClusterView.Problem;
import org.mysqldiscovery.cli.view.ClusterView.QuarantineEntry;
import org.mysqldiscovery.cli.view.ClusterView.RegistrationEntry;
import org.mysqldiscovery.cli.view.ClusterView.SyncEntry;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.sync.registry.RegistryException;
import org.mysqldiscovery.sync.registry.TreeReader;

/**
 * Reads the suite's tree into a {@link ClusterView}: the tree is read by sync-core's {@link TreeReader} (the one
 * reader of it, which {@code plan} uses too), this class only says what the nodes mean to an operator. Bad nodes
 * (invalid names, malformed payloads, a payload that contradicts its path) become {@link Problem}s, never failures; a
 * node that vanishes while being read is skipped (ephemeral nodes come and go).
 */
public final class ViewReader {
    private final ZkLayout layout;
    private final TreeReader tree;

    public ViewReader(CuratorFramework client, ZkLayout layout) {
        this.layout = layout;
        this.tree = new TreeReader(client, layout);
    }

    /**
     * @param onlySchema when present, registrations (and the view's zxid) of that schema only; quarantines and syncs
     *                   are always read whole
     */
    public ClusterView read(Optional<SchemaName> onlySchema) throws ViewReadException {
        Zxid zxid = new Zxid();
        List<Problem> problems = new ArrayList<>();
        SortedSet<SchemaName> schemas = new TreeSet<>();
        List<RegistrationEntry> registrations = new ArrayList<>();

        // Only valid schema names are descended into, and only the asked-for schema when there is one.
        Predicate<String> wanted = name -> {
            try {
                return onlySchema.isEmpty() || onlySchema.get().equals(new SchemaName(name));
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
        TreeReader.MysqlTree mysql;
        try {
            mysql = tree.mysql(wanted, false);
        } catch (RegistryException e) {
            throw failure(e);
        }
        Map<String, TreeReader.Node> read = new HashMap<>();
        mysql.schemas().forEach(n -> read.put(n.path(), n));
        mysql.roles().forEach(n -> read.put(n.path(), n));
        mysql.registrations().forEach(n -> read.put(n.path(), n));
        String mysqlRoot = mysql.root().path();

        if (onlySchema.isEmpty()) {
            zxid.add(mysql.root().stat());
        }
        List<String> schemaPaths = new ArrayList<>();
        for (String schemaNode : mysql.root().children()) {
            String schemaPath = ZKPaths.makePath(mysqlRoot, schemaNode);
            SchemaName schema;
            try {
                schema = new SchemaName(schemaNode);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(schemaPath, e.getMessage()));
                continue;
            }
            if (onlySchema.isEmpty() || onlySchema.get().equals(schema)) {
                schemaPaths.add(schemaPath);
            }
        }

        // Level by level, as the tree was read: schemas → roles → registrations (a missing node vanished). Paths are
        // spelled as the reader spells them (ZKPaths), so every lookup finds what was read.
        List<String> rolePaths = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<SchemaName> roleSchemas = new ArrayList<>();
        for (String schemaPath : schemaPaths) {
            TreeReader.Node schemaNode = read.get(schemaPath);
            if (schemaNode == null) {
                continue;
            }
            SchemaName schema = new SchemaName(schemaNode.name());
            schemas.add(schema);
            zxid.add(schemaNode.stat());
            for (String roleNode : schemaNode.children()) {
                String rolePath = ZKPaths.makePath(schemaNode.path(), roleNode);
                try {
                    roles.add(Role.fromToken(roleNode));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(rolePath, e.getMessage()));
                    continue;
                }
                rolePaths.add(rolePath);
                roleSchemas.add(schema);
            }
        }

        List<String> registrationPaths = new ArrayList<>();
        List<Role> registrationRoles = new ArrayList<>();
        List<SchemaName> registrationSchemas = new ArrayList<>();
        List<Instance> registrationInstances = new ArrayList<>();
        for (int i = 0; i < rolePaths.size(); i++) {
            TreeReader.Node roleNode = read.get(rolePaths.get(i));
            if (roleNode == null) {
                continue;
            }
            zxid.add(roleNode.stat());
            for (String instanceNode : roleNode.children()) {
                String path = ZKPaths.makePath(roleNode.path(), instanceNode);
                Instance instance;
                try {
                    instance = Instance.parse(instanceNode);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(path, e.getMessage()));
                    continue;
                }
                if (!instance.spelling().equals(instanceNode)) {
                    problems.add(new Problem(path, "node name is not the canonical spelling "
                            + instance.spelling()));
                }
                registrationPaths.add(path);
                registrationRoles.add(roles.get(i));
                registrationSchemas.add(roleSchemas.get(i));
                registrationInstances.add(instance);
            }
        }

        for (int i = 0; i < registrationPaths.size(); i++) {
            TreeReader.Node node = read.get(registrationPaths.get(i));
            if (node == null) {
                continue;
            }
            zxid.add(node.stat());
            registrations.add(registration(registrationSchemas.get(i), registrationRoles.get(i),
                    registrationInstances.get(i), node, problems));
        }

        List<QuarantineEntry> quarantines = readQuarantines(zxid, problems);
        List<SyncEntry> syncs = readSyncs(problems);
        return new ClusterView(layout.root(), zxid.max, schemas, registrations, quarantines, syncs, problems);
    }

    /** The sync status nodes only (cheap; what a convergence wait polls). */
    public List<SyncEntry> readSyncs(List<Problem> problems) throws ViewReadException {
        TreeReader.Directory directory;
        try {
            directory = tree.syncs();
        } catch (RegistryException e) {
            throw failure(e);
        }
        Map<String, TreeReader.Node> read = byPath(directory);
        List<SyncEntry> syncs = new ArrayList<>();
        for (String node : directory.root().children()) {
            String path = ZKPaths.makePath(directory.root().path(), node);
            Instance proxysql;
            try {
                proxysql = Instance.parse(node);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, e.getMessage()));
                continue;
            }
            TreeReader.Node data = read.get(path);
            if (data == null) {
                continue;
            }
            try {
                SyncStatus status = PayloadCodec.decodeSyncStatus(data.data(), path);
                syncs.add(new SyncEntry(proxysql, status, null));
            } catch (MalformedPayloadException e) {
                problems.add(new Problem(path, e.getMessage()));
                syncs.add(new SyncEntry(proxysql, null, e.getMessage()));
            }
        }
        return syncs;
    }

    private static RegistrationEntry registration(SchemaName schema, Role role, Instance instance,
            TreeReader.Node node, List<Problem> problems) {
        Registration registration = null;
        try {
            registration = PayloadCodec.decodeRegistration(node.data(), node.path());
            String mismatch = mismatch(registration, schema, role, instance);
            if (mismatch != null) {
                problems.add(new Problem(node.path(), "payload contradicts its path: " + mismatch));
            }
        } catch (MalformedPayloadException e) {
            problems.add(new Problem(node.path(), e.getMessage()));
        }
        return new RegistrationEntry(schema, role, instance, registration, node.stat().getMzxid());
    }

    private static String mismatch(Registration registration, SchemaName schema, Role role, Instance instance) {
        if (!schema.value().equals(registration.schema())) {
            return "schema " + Quoting.quote(registration.schema());
        }
        if (!role.token().equals(registration.role())) {
            return "role " + Quoting.quote(registration.role());
        }
        if (!instance.equals(registration.instance())) {
            return "instance " + registration.instance().spelling();
        }
        return null;
    }

    private List<QuarantineEntry> readQuarantines(Zxid zxid, List<Problem> problems) throws ViewReadException {
        TreeReader.Directory directory;
        try {
            directory = tree.quarantines();
        } catch (RegistryException e) {
            throw failure(e);
        }
        zxid.add(directory.root().stat());
        Map<String, TreeReader.Node> read = byPath(directory);
        List<QuarantineEntry> quarantines = new ArrayList<>();
        for (String node : directory.root().children()) {
            String path = ZKPaths.makePath(directory.root().path(), node);
            Instance instance;
            try {
                instance = Instance.parse(node);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, e.getMessage()));
                continue;
            }
            TreeReader.Node data = read.get(path);
            if (data == null) {
                continue;
            }
            Stat stat = data.stat();
            zxid.add(stat);
            QuarantineRecord record = null;
            String problem = null;
            try {
                record = PayloadCodec.decodeQuarantine(data.data(), path);
            } catch (MalformedPayloadException e) {
                problem = e.getMessage();
                problems.add(new Problem(path, problem));
            }
            quarantines.add(new QuarantineEntry(instance, record, problem, Instant.ofEpochMilli(stat.getCtime()),
                    stat.getVersion(), stat.getMzxid()));
        }
        return quarantines;
    }

    private static Map<String, TreeReader.Node> byPath(TreeReader.Directory directory) {
        Map<String, TreeReader.Node> read = new HashMap<>();
        directory.children().forEach(n -> read.put(n.path(), n));
        return read;
    }

    /** ZooKeeper could not be read: the reader's message already says which path and why. */
    private static ViewReadException failure(RegistryException e) {
        return new ViewReadException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
    }

    /** The highest change zxid seen: children changes (pzxid) and data changes (mzxid). */
    private static final class Zxid {
        long max;

        void add(Stat stat) {
            max = Math.max(max, Math.max(stat.getPzxid(), stat.getMzxid()));
        }
    }
}
