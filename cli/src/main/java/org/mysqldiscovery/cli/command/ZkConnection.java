package org.mysqldiscovery.cli.command;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;

/** A connected Curator client for one command, or a clear error within the connection timeout. */
public final class ZkConnection implements AutoCloseable {
    private final CuratorFramework client;
    private final ZkLayout layout;
    private final ZkSettings settings;

    private ZkConnection(CuratorFramework client, ZkSettings settings) {
        this.client = client;
        this.layout = settings.layout();
        this.settings = settings;
    }

    /**
     * Connects as the CLI's identity: an operator's (every command), or a read-only observer's (status, plan,
     * precheck, wait-converged, zk-acl check: a write then fails with ZooKeeper's NOAUTH).
     */
    public static ZkConnection open(ZkSettings settings) {
        ZkIdentities.Kind kind = ZkIdentities.Kind.OPERATOR;
        if (settings.auth() != null) {
            try {
                kind = settings.auth().kindAmong(ZkIdentities.Kind.OPERATOR, ZkIdentities.Kind.OBSERVER);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("cannot use the ZooKeeper settings: " + e.getMessage());
            }
        }
        return open(settings, kind);
    }

    /** Connects with a program's identity (e.g. {@code plan} reads with a sync's config). */
    public static ZkConnection open(ZkSettings settings, ZkIdentities.Kind kind) {
        CuratorFramework client;
        try {
            client = ZkClientFactory.create(settings, kind);
            client.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("cannot use the ZooKeeper settings (" + settings.connectString() + "): "
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
        return new ZkConnection(client, settings);
    }

    public CuratorFramework client() {
        return client;
    }

    public ZkSettings settings() {
        return settings;
    }

    public ZkLayout layout() {
        return layout;
    }

    @Override
    public void close() {
        client.close();
    }
}
