package org.mysqldiscovery.sync.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * Reads the whole view once, directly (no cache): for one-shot tools such as the CLI's {@code plan}. Nodes that
 * vanish while being read are skipped (they are gone).
 */
public final class ViewReader {
    private ViewReader() {
    }

    /** Reads the view without judging registrations' ACLs (the opt-out). */
    public static ViewRead read(CuratorFramework client, ZkLayout layout) throws RegistryException {
        return read(client, layout, RegistrationTrust.unchecked());
    }

    /** Reads the view; registrations {@code trust} refuses are ignored and reported, as the sync does. */
    public static ViewRead read(CuratorFramework client, ZkLayout layout, RegistrationTrust trust)
            throws RegistryException {
        try {
            List<ViewBuilder.Node> mysql = new ArrayList<>();
            collect(client, layout.mysqlRoot(), 3, trust.checks(), mysql);
            List<ViewBuilder.Node> quarantine = new ArrayList<>();
            collect(client, layout.quarantineRoot(), 1, false, quarantine);
            return new ViewBuilder(layout, trust).build(mysql, quarantine);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("reading the view was interrupted", e);
        } catch (Exception e) {
            throw new RegistryException("cannot read the view under " + layout.root() + ": " + e, e);
        }
    }

    private static void collect(CuratorFramework client, String path, int depth, boolean withAcl,
            List<ViewBuilder.Node> out) throws Exception {
        List<String> children;
        try {
            children = client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return;
        }
        for (String child : children) {
            String childPath = ZKPaths.makePath(path, child);
            try {
                Stat stat = new Stat();
                byte[] data = client.getData().storingStatIn(stat).forPath(childPath);
                List<RegistrationTrust.AclEntry> acl = null;
                if (withAcl && depth == 1) {
                    acl = client.getACL().forPath(childPath).stream()
                            .map(a -> new RegistrationTrust.AclEntry(a.getId().getScheme(), a.getId().getId(),
                                    a.getPerms()))
                            .toList();
                }
                out.add(new ViewBuilder.Node(childPath, stat.getMzxid(), data, acl));
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            if (depth > 1) {
                collect(client, childPath, depth - 1, withAcl, out);
            }
        }
    }
}
