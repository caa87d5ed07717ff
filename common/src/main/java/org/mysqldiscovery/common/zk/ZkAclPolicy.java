package org.mysqldiscovery.common.zk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The ACL of every path of the suite (docs/DESIGN.md, "ZooKeeper ACLs"), in one place. Every program builds its nodes'
 * ACLs here, so a node gets the same ACL whoever creates it (parents are created on first use by whichever program
 * needs them). Least privilege: operators hold every right everywhere; every other suite identity may read
 * everything, plus exactly what its program does:
 *
 * <pre>
 * node                          health-agent    role-agent   sync           operator
 * ROOT (and its ancestors)      read,create     read,create  read,create    all
 * mysql/, mysql/SCHEMA          read,create     read         read           all
 * mysql/SCHEMA/ROLE             read,create,del read         read           all
 * mysql/SCHEMA/ROLE/HOST:PORT   read,write      read         read           all
 * proxysql/                     read,create,del read         read           all
 * proxysql/HOST:PORT            read,write      read         read           all
 * quarantine/                   read            read,create  read           all
 * quarantine/HOST:PORT          read            read         read           all
 * sync/                         read            read         read,create,del all
 * sync/HOST:PORT                read            read         read,write     all
 * anything else                 read            read         read           all
 * </pre>
 * Observers (optional read-only identities, e.g. the CLI's pre-check on Orchestrator hosts) read everything, nothing
 * more.
 *
 * ZooKeeper checks CREATE and DELETE on the parent, WRITE (setData) and ADMIN (setACL) on the node itself. Nobody but
 * operators holds ADMIN. Nobody without a suite identity may read: the view tells an attacker which host is primary.
 */
public final class ZkAclPolicy {
    private static final int READ = ZooDefs.Perms.READ;
    private static final int CREATE = ZooDefs.Perms.CREATE;
    private static final int DELETE = ZooDefs.Perms.DELETE;
    private static final int WRITE = ZooDefs.Perms.WRITE;

    /** The kinds of node the policy tells apart. */
    public enum NodeKind {
        ROOT, MYSQL_PARENT, ROLE_PARENT, REGISTRATION, PROXYSQL_PARENT, PROXYSQL_REGISTRATION, QUARANTINE_PARENT,
        QUARANTINE, SYNC_PARENT, SYNC_STATUS, OTHER
    }

    private final ZkLayout layout;
    private final ZkIdentities identities;

    private ZkAclPolicy(ZkLayout layout, ZkIdentities identities) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.identities = identities;
    }

    /** The suite's ACLs for {@code identities}. */
    public static ZkAclPolicy of(ZkLayout layout, ZkIdentities identities) {
        return new ZkAclPolicy(layout, Objects.requireNonNull(identities, "identities"));
    }

    /** The explicit opt-out ({@code allowUnauthenticated: true}): every node is {@code world:anyone} with all rights. */
    public static ZkAclPolicy open(ZkLayout layout) {
        return new ZkAclPolicy(layout, null);
    }

    public boolean isOpen() {
        return identities == null;
    }

    public ZkLayout layout() {
        return layout;
    }

    /** What a path is, by its place in the layout alone (names are not validated here). */
    public NodeKind kindOf(String path) {
        String root = layout.root();
        if (path.equals(root) || root.startsWith(path + "/")) {
            return NodeKind.ROOT;
        }
        if (path.equals(layout.mysqlRoot())) {
            return NodeKind.MYSQL_PARENT;
        }
        int mysqlDepth = depthUnder(layout.mysqlRoot(), path);
        if (mysqlDepth > 0) {
            return switch (mysqlDepth) {
                case 1 -> NodeKind.MYSQL_PARENT;
                case 2 -> NodeKind.ROLE_PARENT;
                case 3 -> NodeKind.REGISTRATION;
                default -> NodeKind.OTHER;
            };
        }
        NodeKind child = childKind(path, layout.proxysqlRoot(), NodeKind.PROXYSQL_PARENT,
                NodeKind.PROXYSQL_REGISTRATION);
        if (child == null) {
            child = childKind(path, layout.quarantineRoot(), NodeKind.QUARANTINE_PARENT, NodeKind.QUARANTINE);
        }
        if (child == null) {
            child = childKind(path, layout.syncRoot(), NodeKind.SYNC_PARENT, NodeKind.SYNC_STATUS);
        }
        return child == null ? NodeKind.OTHER : child;
    }

    private static NodeKind childKind(String path, String parent, NodeKind parentKind, NodeKind childKind) {
        if (path.equals(parent)) {
            return parentKind;
        }
        int depth = depthUnder(parent, path);
        if (depth == 1) {
            return childKind;
        }
        return depth > 1 ? NodeKind.OTHER : null;
    }

    /** How many segments {@code path} lies below {@code parent}; 0 when it is not below it. */
    private static int depthUnder(String parent, String path) {
        if (!path.startsWith(parent + "/") || path.length() == parent.length() + 1) {
            return 0;
        }
        return path.substring(parent.length() + 1).split("/", -1).length;
    }

    /** The rights beyond READ a kind of identity holds on a kind of node (operators: all). */
    public static int perms(NodeKind node, ZkIdentities.Kind who) {
        if (who == ZkIdentities.Kind.OPERATOR) {
            return ZooDefs.Perms.ALL;
        }
        if (who == ZkIdentities.Kind.OBSERVER) {
            return READ;
        }
        int extra = switch (node) {
            case ROOT -> CREATE;
            case MYSQL_PARENT -> who == ZkIdentities.Kind.HEALTH_AGENT ? CREATE : 0;
            case ROLE_PARENT, PROXYSQL_PARENT -> who == ZkIdentities.Kind.HEALTH_AGENT ? CREATE | DELETE : 0;
            case REGISTRATION, PROXYSQL_REGISTRATION -> who == ZkIdentities.Kind.HEALTH_AGENT ? WRITE : 0;
            case QUARANTINE_PARENT -> who == ZkIdentities.Kind.ROLE_AGENT ? CREATE : 0;
            case SYNC_PARENT -> who == ZkIdentities.Kind.SYNC ? CREATE | DELETE : 0;
            case SYNC_STATUS -> who == ZkIdentities.Kind.SYNC ? WRITE : 0;
            case QUARANTINE, OTHER -> 0;
        };
        return READ | extra;
    }

    /** The ACL every node at {@code path} must carry. */
    public List<ACL> aclFor(String path) {
        if (identities == null) {
            return ZooDefs.Ids.OPEN_ACL_UNSAFE;
        }
        NodeKind node = kindOf(path);
        Map<String, Integer> byId = new LinkedHashMap<>();
        for (ZkIdentities.Kind who : ZkIdentities.Kind.values()) {
            for (String id : identities.of(who)) {
                byId.merge(id, perms(node, who), (a, b) -> a | b);
            }
        }
        List<ACL> acl = new ArrayList<>(byId.size());
        byId.forEach((id, perms) -> acl.add(new ACL(perms, new Id("digest", id))));
        // Not List.copyOf: ZooKeeper calls contains(null) on it, which immutable lists refuse.
        return Collections.unmodifiableList(acl);
    }

    /** For Curator: every node it creates, parents included, gets {@link #aclFor}. */
    public ACLProvider aclProvider() {
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return aclFor(layout.root() + "/unknown");
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return aclFor(path);
            }
        };
    }
}
