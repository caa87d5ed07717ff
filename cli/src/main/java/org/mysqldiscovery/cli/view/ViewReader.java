package org.mysqldiscovery.cli.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
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

/**
 * Reads the suite's tree into a {@link ClusterView}. Bad nodes (invalid names, malformed payloads, a payload that
 * contradicts its path) become {@link Problem}s, never failures; a node that vanishes while being read is skipped
 * (ephemeral nodes come and go).
 */
public final class ViewReader {
    /** Bound on reading one level of the tree (ZooKeeper may stall; Curator retries meanwhile). */
    static final long LEVEL_TIMEOUT_MILLIS = 30_000;

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final BulkReader bulk;

    public ViewReader(CuratorFramework client, ZkLayout layout) {
        this.client = client;
        this.layout = layout;
        this.bulk = new BulkReader(client, LEVEL_TIMEOUT_MILLIS);
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

        Stat rootStat = new Stat();
        List<String> schemaNodes = children(layout.mysqlRoot(), rootStat);
        if (onlySchema.isEmpty()) {
            zxid.add(rootStat);
        }
        List<String> schemaPaths = new ArrayList<>();
        for (String schemaNode : schemaNodes) {
            String schemaPath = layout.mysqlRoot() + "/" + schemaNode;
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

        // Level by level, each level's requests pipelined: schemas → roles → registrations.
        List<String> rolePaths = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<SchemaName> roleSchemas = new ArrayList<>();
        for (Optional<BulkReader.Fetched> fetched : bulk.children(schemaPaths)) {
            if (fetched.isEmpty()) {
                continue;
            }
            BulkReader.Fetched schemaNode = fetched.get();
            SchemaName schema = new SchemaName(schemaNode.path().substring(layout.mysqlRoot().length() + 1));
            schemas.add(schema);
            zxid.add(schemaNode.stat());
            for (String roleNode : schemaNode.children()) {
                String rolePath = schemaNode.path() + "/" + roleNode;
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
        List<Optional<BulkReader.Fetched>> roleNodes = bulk.children(rolePaths);
        for (int i = 0; i < roleNodes.size(); i++) {
            if (roleNodes.get(i).isEmpty()) {
                continue;
            }
            BulkReader.Fetched roleNode = roleNodes.get(i).get();
            zxid.add(roleNode.stat());
            for (String instanceNode : roleNode.children()) {
                String path = roleNode.path() + "/" + instanceNode;
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

        List<Optional<BulkReader.Fetched>> data = bulk.data(registrationPaths);
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).isEmpty()) {
                continue;
            }
            BulkReader.Fetched node = data.get(i).get();
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
        List<SyncEntry> syncs = new ArrayList<>();
        for (String node : children(layout.syncRoot(), new Stat())) {
            String path = layout.syncRoot() + "/" + node;
            Instance proxysql;
            try {
                proxysql = Instance.parse(node);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, e.getMessage()));
                continue;
            }
            Optional<byte[]> data = data(path, new Stat());
            if (data.isEmpty()) {
                continue;
            }
            try {
                SyncStatus status = PayloadCodec.decodeSyncStatus(data.get(), path);
                syncs.add(new SyncEntry(proxysql, status, null));
            } catch (MalformedPayloadException e) {
                problems.add(new Problem(path, e.getMessage()));
                syncs.add(new SyncEntry(proxysql, null, e.getMessage()));
            }
        }
        return syncs;
    }

    private static RegistrationEntry registration(SchemaName schema, Role role, Instance instance,
            BulkReader.Fetched node, List<Problem> problems) {
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
        Stat rootStat = new Stat();
        List<String> nodes = children(layout.quarantineRoot(), rootStat);
        zxid.add(rootStat);
        List<QuarantineEntry> quarantines = new ArrayList<>();
        for (String node : nodes) {
            String path = layout.quarantineRoot() + "/" + node;
            Instance instance;
            try {
                instance = Instance.parse(node);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(path, e.getMessage()));
                continue;
            }
            Stat stat = new Stat();
            Optional<byte[]> data = data(path, stat);
            if (data.isEmpty()) {
                continue;
            }
            zxid.add(stat);
            QuarantineRecord record = null;
            String problem = null;
            try {
                record = PayloadCodec.decodeQuarantine(data.get(), path);
            } catch (MalformedPayloadException e) {
                problem = e.getMessage();
                problems.add(new Problem(path, problem));
            }
            quarantines.add(new QuarantineEntry(instance, record, problem, Instant.ofEpochMilli(stat.getCtime()),
                    stat.getVersion(), stat.getMzxid()));
        }
        return quarantines;
    }

    private List<String> children(String path, Stat stat) throws ViewReadException {
        try {
            List<String> children = new ArrayList<>(client.getChildren().storingStatIn(stat).forPath(path));
            children.sort(null);
            return children;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure(path, e);
        }
    }

    private Optional<byte[]> data(String path, Stat stat) throws ViewReadException {
        try {
            return Optional.ofNullable(client.getData().storingStatIn(stat).forPath(path))
                    .or(() -> Optional.of(new byte[0]));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure(path, e);
        }
    }

    static ViewReadException failure(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = e instanceof KeeperException k ? k.code().name() : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ViewReadException("cannot read " + path + " from ZooKeeper: " + reason, e);
    }

    /** The highest change zxid seen: children changes (pzxid) and data changes (mzxid). */
    private static final class Zxid {
        long max;

        void add(Stat stat) {
            max = Math.max(max, Math.max(stat.getPzxid(), stat.getMzxid()));
        }
    }
}
