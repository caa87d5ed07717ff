package org.mysqldiscovery.sync.harness;

import java.time.Instant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.common.zk.ZkLayout;

/** Plays the health and role agents: writes registrations and quarantines as they would. */
public final class Agents implements AutoCloseable {
    private final CuratorFramework client;
    private final ZkLayout layout = ZkLayout.defaultLayout();

    public Agents(String connectString) throws InterruptedException {
        client = CuratorFrameworkFactory.newClient(connectString, 30_000, 5_000, new RetryOneTime(100));
        client.start();
        if (!client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("agents cannot reach ZooKeeper at " + connectString);
        }
    }

    public CuratorFramework client() {
        return client;
    }

    public ZkLayout layout() {
        return layout;
    }

    /** Registers {@code instance} (ephemeral node); returns the zxid of the creation. */
    public long register(String schema, Role role, String instance) throws Exception {
        return register(schema, role, instance, 0, 0);
    }

    public long register(String schema, Role role, String instance, int weight, int maxConnections) throws Exception {
        return registerIn("dc1", schema, role, instance, weight, maxConnections);
    }

    /** Registers {@code instance} as a health agent of {@code datacenter} would (null: naming none). */
    public long registerIn(String datacenter, String schema, Role role, String instance) throws Exception {
        return registerIn(datacenter, schema, role, instance, 0, 0);
    }

    public long registerIn(String datacenter, String schema, Role role, String instance, int weight,
            int maxConnections) throws Exception {
        Instance parsed = Instance.parse(instance);
        String path = layout.registrationPath(SchemaName.of(schema), role, parsed);
        byte[] payload = PayloadCodec.encode(Registration.ofMysql(parsed, SchemaName.of(schema), role, datacenter,
                weight, maxConnections, Instant.now(), "test"));
        client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, payload);
        return client.checkExists().forPath(path).getCzxid();
    }

    /** Deletes the registration; returns Z = the parent's pzxid right after (the zxid of this deletion or later). */
    public long deregister(String schema, Role role, String instance) throws Exception {
        String path = layout.registrationPath(SchemaName.of(schema), role, Instance.parse(instance));
        client.delete().forPath(path);
        Stat parent = client.checkExists().forPath(ZKPaths.getPathAndNode(path).getPath());
        return parent.getPzxid();
    }

    public long quarantine(String instance) throws Exception {
        String path = layout.quarantinePath(Instance.parse(instance));
        client.create().creatingParentsIfNeeded().forPath(path, PayloadCodec.encode(
                new QuarantineRecord("test", "test", Instant.now(), null)));
        return client.checkExists().forPath(path).getCzxid();
    }

    public void clearQuarantine(String instance) throws Exception {
        client.delete().forPath(layout.quarantinePath(Instance.parse(instance)));
    }

    /** The sync's published status, or null when its node is absent. */
    public SyncStatus syncStatus(String host, int port) throws Exception {
        String path = layout.syncPath(new Instance(host, port));
        if (client.checkExists().forPath(path) == null) {
            return null;
        }
        return PayloadCodec.decodeSyncStatus(client.getData().forPath(path), path);
    }

    @Override
    public void close() {
        client.close();
    }
}
