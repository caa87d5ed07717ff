package org.mysqldiscovery.cli.command;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;

/** A connected Curator client for one command, or a clear error within the connection timeout. */
public final class ZkConnection implements AutoCloseable {
    private final CuratorFramework client;
    private final ZkLayout layout;

    private ZkConnection(CuratorFramework client, ZkLayout layout) {
        this.client = client;
        this.layout = layout;
    }

    public static ZkConnection open(ZkSettings settings) {
        CuratorFramework client;
        try {
            client = ZkClientFactory.create(settings);
            client.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("cannot use ZooKeeper connect string " + settings.connectString() + ": "
                    + e.getMessage());
        }
        boolean connected;
        try {
            connected = client.blockUntilConnected(settings.connectionTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            client.close();
            throw CliException.usage("cannot reach ZooKeeper at " + settings.connectString() + " within "
                    + settings.connectionTimeoutMillis() + " ms (is it running, and is --zookeeper right?)");
        }
        return new ZkConnection(client, settings.layout());
    }

    public CuratorFramework client() {
        return client;
    }

    public ZkLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        client.close();
    }
}
