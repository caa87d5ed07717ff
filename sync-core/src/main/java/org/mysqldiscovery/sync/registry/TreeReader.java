package org.mysqldiscovery.sync.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * The one reader of the suite's tree for one-shot reads: the CLI's {@code status}, {@code quarantine},
 * {@code wait-converged}, {@code precheck} and {@code plan}. It reads, it does not judge: {@link ViewReader} turns what
 * it read into the sync's view by {@link ViewBuilder}'s rules (as the daemon does with its cache, {@link ZkRegistry}),
 * the CLI into its ClusterView. {@code mysql/} is read level by level (schemas, roles, registrations), each level's
 * requests pipelined, so 10,000 registrations read in a fraction of a second. A node that vanishes while being read is
 * left out (ephemeral nodes come and go); a missing directory reads as empty. Not atomic: ZooKeeper has no multi-read.
 */
public final class TreeReader {
    /** Bound on reading one level of the tree (ZooKeeper may stall; Curator retries meanwhile). */
    public static final long LEVEL_TIMEOUT_MILLIS = 30_000;

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final BulkReader bulk;

    /**
     * One node as read: a directory's {@code children} (sorted, {@code data} empty), a leaf's {@code data}
     * (children not read), its {@code acl} only when asked for (else null).
     */
    public record Node(String path, Stat stat, byte[] data, List<String> children,
            List<RegistrationTrust.AclEntry> acl) {
        public Node {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(stat, "stat");
            data = data == null ? new byte[0] : data;
            children = List.copyOf(children);
            acl = acl == null ? null : List.copyOf(acl);
        }

        /** The last segment of the path. */
        public String name() {
            return ZKPaths.getNodeFromPath(path);
        }
    }

    /**
     * {@code mysql/} as read: its own node (children and stat; a zero stat when it does not exist), the schema nodes
     * the filter let through, every role node under them and every registration under those; each level in path
     * order.
     */
    public record MysqlTree(Node root, List<Node> schemas, List<Node> roles, List<Node> registrations) {
        public MysqlTree {
            Objects.requireNonNull(root, "root");
            schemas = List.copyOf(schemas);
            roles = List.copyOf(roles);
            registrations = List.copyOf(registrations);
        }
    }

    /** A directory ({@code quarantine/}, {@code sync/}) and each child's data, in name order. */
    public record Directory(Node root, List<Node> children) {
        public Directory {
            Objects.requireNonNull(root, "root");
            children = List.copyOf(children);
        }
    }

    public TreeReader(CuratorFramework client, ZkLayout layout) {
        this(client, layout, LEVEL_TIMEOUT_MILLIS);
    }

    public TreeReader(CuratorFramework client, ZkLayout layout, long levelTimeoutMillis) {
        this.client = Objects.requireNonNull(client, "client");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.bulk = new BulkReader(client, levelTimeoutMillis);
    }

    /**
     * Reads {@code mysql/}.
     *
     * @param schemaFilter which schema nodes (by name) to descend into; the others show only as names in
     *                     {@code root().children()}
     * @param withAcl      whether to read each registration's ACL too (what {@link RegistrationTrust} judges)
     */
    public MysqlTree mysql(Predicate<String> schemaFilter, boolean withAcl) throws RegistryException {
        Node root = directory(layout.mysqlRoot());
        List<String> schemaPaths = root.children().stream().filter(schemaFilter)
                .map(name -> ZKPaths.makePath(root.path(), name)).toList();
        List<Node> schemas = directories(schemaPaths);
        List<Node> roles = directories(childPaths(schemas));
        List<String> registrationPaths = childPaths(roles);
        List<Optional<BulkReader.Fetched>> data = bulk.data(registrationPaths);
        List<Optional<BulkReader.Fetched>> acls = withAcl ? bulk.acls(registrationPaths) : null;
        List<Node> registrations = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).isEmpty()) {
                continue;
            }
            BulkReader.Fetched node = data.get(i).get();
            // An ACL that could not be read (the node went in between) stays null: untrusted when ACLs are judged.
            List<RegistrationTrust.AclEntry> acl = acls == null ? null
                    : acls.get(i).map(BulkReader.Fetched::acl).orElse(null);
            registrations.add(new Node(node.path(), node.stat(), node.data(), List.of(), acl));
        }
        return new MysqlTree(root, schemas, roles, registrations);
    }

    /** Reads {@code quarantine/}. */
    public Directory quarantines() throws RegistryException {
        return leaves(layout.quarantineRoot());
    }

    /** Reads {@code sync/} (the syncs' status nodes). */
    public Directory syncs() throws RegistryException {
        return leaves(layout.syncRoot());
    }

    private Directory leaves(String path) throws RegistryException {
        Node root = directory(path);
        List<Node> children = new ArrayList<>();
        for (Optional<BulkReader.Fetched> fetched : bulk.data(childPaths(List.of(root)))) {
            fetched.ifPresent(f -> children.add(new Node(f.path(), f.stat(), f.data(), List.of(), null)));
        }
        return new Directory(root, children);
    }

    private List<Node> directories(List<String> paths) throws RegistryException {
        List<Node> nodes = new ArrayList<>();
        for (Optional<BulkReader.Fetched> fetched : bulk.children(paths)) {
            fetched.ifPresent(f -> nodes.add(new Node(f.path(), f.stat(), null, f.children(), null)));
        }
        return nodes;
    }

    private static List<String> childPaths(List<Node> parents) {
        List<String> paths = new ArrayList<>();
        for (Node parent : parents) {
            for (String child : parent.children()) {
                paths.add(ZKPaths.makePath(parent.path(), child));
            }
        }
        return paths;
    }

    /** A directory's node: its sorted children and stat; empty with a zero stat when it does not exist. */
    private Node directory(String path) throws RegistryException {
        Stat stat = new Stat();
        try {
            List<String> children = new ArrayList<>(client.getChildren().storingStatIn(stat).forPath(path));
            children.sort(null);
            return new Node(path, stat, null, children, null);
        } catch (KeeperException.NoNodeException e) {
            return new Node(path, new Stat(), null, List.of(), null);
        } catch (Exception e) {
            throw failure(path, e);
        }
    }

    static RegistryException failure(String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = e instanceof KeeperException k ? k.code().name() : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new RegistryException("cannot read " + path + " from ZooKeeper: " + reason, e);
    }
}
