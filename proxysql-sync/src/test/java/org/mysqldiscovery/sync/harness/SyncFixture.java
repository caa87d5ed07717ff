package org.mysqldiscovery.sync.harness;

import org.mysqldiscovery.common.metrics.Telemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.mysqldiscovery.common.model.SyncStatus;
import org.mysqldiscovery.sync.SyncService;

/**
 * Real ZooKeeper (curator-test on loopback), an admin target (stand-in, or real ProxySQL), agents writing the view,
 * and a proxysql-sync wired as in production. Test hostgroups: orders 9010/9011/9012, users 9020/9021.
 */
public final class SyncFixture implements AutoCloseable {
    public final TestingServer zookeeper;
    public final AdminTarget admin;
    public final Agents agents;
    public final Path dir;
    public SyncService sync;
    public Telemetry metrics;
    private final HttpClient http = HttpClient.newHttpClient();

    private SyncFixture(Path dir, TestingServer zookeeper, AdminTarget admin, Agents agents) {
        this.dir = dir;
        this.zookeeper = zookeeper;
        this.admin = admin;
        this.agents = agents;
    }

    public static SyncFixture create(Path dir, String testName) throws Exception {
        TestingServer zookeeper = new TestingServer(new InstanceSpec(dir.resolve("zk").toFile(), -1, -1, -1, true,
                -1, 200, -1), true);
        AdminTarget admin = AdminTarget.create(dir);
        System.out.println("[" + testName + "] running against " + admin.describe());
        return new SyncFixture(dir, zookeeper, admin, new Agents(zookeeper.getConnectString()));
    }

    /** The test configuration: both schemas, this ZooKeeper and admin. */
    public SyncConfigBuilder config() {
        return new SyncConfigBuilder(dir).zookeeper(zookeeper.getConnectString()).admin(admin)
                .schema("orders", 9010, 9011, 9012).schema("users", 9020, 9021, null);
    }

    public SyncService startSync() throws Exception {
        return startSync(c -> c);
    }

    public SyncService startSync(UnaryOperator<SyncConfigBuilder> customize) throws Exception {
        metrics = Telemetry.forProgram("proxysql-sync", "test");
        sync = new SyncService(customize.apply(config()).build(), metrics, Clock.systemUTC());
        try {
            sync.start();
        } catch (Exception e) {
            sync.close();
            throw e;
        }
        return sync;
    }

    public SyncStatus status() throws Exception {
        return agents.syncStatus(admin.host(), admin.port());
    }

    public long appliedZxid() throws Exception {
        SyncStatus status = status();
        return status == null ? -1 : status.appliedZxid();
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sync.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Override
    public void close() throws IOException {
        if (sync != null) {
            sync.close();
        }
        agents.close();
        admin.close();
        zookeeper.close();
    }
}
