package org.mysqldiscovery.cli.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.common.zk.ZkSettings;

/**
 * A real ZooKeeper (curator-test, loopback) plus a client that writes what the agents and syncs would write. Nodes
 * the real programs make ephemeral are persistent here: the fixture's session is the "agent".
 */
public final class ZkFixture implements AutoCloseable {
    public static final Instant REGISTERED_AT = Instant.parse("2026-01-02T03:04:05Z");

    private final TestingServer server;
    private final CuratorFramework client;
    private final ZkLayout layout;

    public ZkFixture() throws Exception {
        this("/mysql-discovery");
    }

    public ZkFixture(String root) throws Exception {
        server = new TestingServer(true);
        layout = new ZkLayout(root);
        client = ZkClientFactory.create(ZkSettings.unauthenticated(server.getConnectString(), root),
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR);
        client.start();
        client.blockUntilConnected();
    }

    /** The server itself (to stop and restart it). */
    public TestingServer server() {
        return server;
    }

    public String connectString() {
        return server.getConnectString();
    }

    public ZkLayout layout() {
        return layout;
    }

    public CuratorFramework client() {
        return client;
    }

    public void register(String schema, Role role, String instance) throws Exception {
        Instance i = Instance.parse(instance);
        Registration r = Registration.ofMysql(i, SchemaName.of(schema), role, "dc1", 1, 100, REGISTERED_AT, "0.1.0");
        put(layout.registrationPath(SchemaName.of(schema), role, i), PayloadCodec.encode(r), CreateMode.EPHEMERAL);
    }

    public void unregister(String schema, Role role, String instance) throws Exception {
        client.delete().forPath(layout.registrationPath(SchemaName.of(schema), role, Instance.parse(instance)));
    }

    public void quarantine(String instance, String reason) throws Exception {
        QuarantineRecord record = new QuarantineRecord(reason, "role-agent@db9", REGISTERED_AT, "1:abc");
        put(layout.quarantinePath(Instance.parse(instance)), PayloadCodec.encode(record), CreateMode.PERSISTENT);
    }

    public void sync(String proxysql, long appliedZxid, boolean blind, String mode, Map<String, String> guards)
            throws Exception {
        SyncStatus status = new SyncStatus(proxysql, SyncMode.fromToken(mode), "digest", REGISTERED_AT, appliedZxid, blind, guards,
                "0.1.0");
        put(layout.syncPath(Instance.parse(proxysql)), PayloadCodec.encode(status), CreateMode.EPHEMERAL);
    }

    /** Writes raw bytes at a path (for malformed payloads), creating parents. */
    public void raw(String path, String payload) throws Exception {
        put(path, payload.getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
    }

    private void put(String path, byte[] data, CreateMode mode) throws Exception {
        if (client.checkExists().forPath(path) != null) {
            client.setData().forPath(path, data);
        } else {
            client.create().creatingParentsIfNeeded().withMode(mode).forPath(path, data);
        }
    }

    public boolean exists(String path) throws Exception {
        return client.checkExists().forPath(path) != null;
    }

    public Stat stat(String path) throws Exception {
        return client.checkExists().forPath(path);
    }

    /** The zxid of a fresh write elsewhere: greater than every change so far. */
    public long currentZxid() throws Exception {
        String probe = "/zxid-probe";
        Stat stat = client.checkExists().forPath(probe);
        if (stat == null) {
            client.create().forPath(probe, new byte[0]);
        }
        return client.setData().forPath(probe, new byte[0]).getMzxid();
    }

    @Override
    public void close() throws java.io.IOException {
        client.close();
        server.close();
    }
}
