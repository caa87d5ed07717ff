package org.mysqldiscovery.sync.registry;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.zk.ZkLayout;

/**
 * Reads the whole view once, directly (no cache): for one-shot tools such as the CLI's {@code plan}. The tree is read
 * by {@link TreeReader} (the CLI's one reader) and judged by {@link ViewBuilder}, as the sync judges its cache. Nodes
 * that vanish while being read are skipped (they are gone).
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
        TreeReader tree = new TreeReader(client, layout);
        try {
            List<ViewBuilder.Node> mysql = tree.mysql(schema -> true, trust.checks()).registrations().stream()
                    .map(n -> new ViewBuilder.Node(n.path(), n.stat().getMzxid(), n.stat().getCzxid(), n.data(),
                            n.acl())).toList();
            List<ViewBuilder.Node> quarantine = tree.quarantines().children().stream()
                    .map(n -> new ViewBuilder.Node(n.path(), n.stat().getMzxid(), n.data())).toList();
            return new ViewBuilder(layout, trust).build(mysql, quarantine);
        } catch (RegistryException e) {
            throw new RegistryException("cannot read the view under " + layout.root() + ": " + e.getMessage(), e);
        }
    }
}
