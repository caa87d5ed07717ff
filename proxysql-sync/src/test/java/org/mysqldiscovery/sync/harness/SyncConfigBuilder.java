package org.mysqldiscovery.sync.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.sync.config.GuardSettings;
import org.mysqldiscovery.sync.config.HostgroupIds;
import org.mysqldiscovery.sync.config.ProxySqlSettings;
import org.mysqldiscovery.sync.config.RoleDefaultsSettings;
import org.mysqldiscovery.sync.config.SyncConfig;

/** Builds a {@link SyncConfig} for tests: loopback, free HTTP port, test hostgroups. */
public final class SyncConfigBuilder {
    private final Path dir;
    private String zookeeper;
    private String adminHost;
    private int adminPort;
    private String adminUser;
    private String adminPassword;
    private Integer sessionTimeoutMillis;
    private final Map<String, HostgroupIds> hostgroups = new LinkedHashMap<>();
    private PagerSettings pager = PagerSettings.log();
    private GuardSettings guards = GuardSettings.defaults();
    private long debounceMillis = 20;
    private long debounceMaxMillis = 100;
    private long fullPassIntervalMillis = 300_000;
    private SyncMode mode = SyncMode.APPLY;
    private String datacenter;
    private RoleDefaultsSettings defaults = RoleDefaultsSettings.standard();
    private Path openPagesFile;

    public SyncConfigBuilder(Path dir) {
        this.dir = dir;
    }

    public SyncConfigBuilder zookeeper(String connectString) {
        this.zookeeper = connectString;
        return this;
    }

    public SyncConfigBuilder sessionTimeoutMillis(int millis) {
        this.sessionTimeoutMillis = millis;
        return this;
    }

    public SyncConfigBuilder admin(AdminTarget target) {
        return admin(target.host(), target.port(), target.user(), target.password());
    }

    public SyncConfigBuilder admin(String host, int port, String user, String password) {
        this.adminHost = host;
        this.adminPort = port;
        this.adminUser = user;
        this.adminPassword = password;
        return this;
    }

    public SyncConfigBuilder schema(String schema, Integer primary, Integer replica, Integer reportingReplica) {
        hostgroups.put(schema, new HostgroupIds(primary, replica, reportingReplica));
        return this;
    }

    /** A schema with every hostgroup of its entry, remote ones included. */
    public SyncConfigBuilder schema(String schema, HostgroupIds ids) {
        hostgroups.put(schema, ids);
        return this;
    }

    public SyncConfigBuilder pager(PagerSettings settings) {
        this.pager = settings;
        return this;
    }

    public SyncConfigBuilder guards(GuardSettings settings) {
        this.guards = settings;
        return this;
    }

    public SyncConfigBuilder debounce(long millis, long maxMillis) {
        this.debounceMillis = millis;
        this.debounceMaxMillis = maxMillis;
        return this;
    }

    public SyncConfigBuilder fullPassIntervalMillis(long millis) {
        this.fullPassIntervalMillis = millis;
        return this;
    }

    /** This sync's datacenter ({@code proxysql.datacenter}). */
    public SyncConfigBuilder datacenter(String name) {
        this.datacenter = name;
        return this;
    }

    public SyncConfigBuilder defaults(RoleDefaultsSettings settings) {
        this.defaults = settings;
        return this;
    }

    public SyncConfigBuilder openPagesFile(Path file) {
        this.openPagesFile = file;
        return this;
    }

    public SyncConfigBuilder mode(SyncMode syncMode) {
        this.mode = syncMode;
        return this;
    }

    /** Settle window of the tests that do not set one: short, so that their removals are not held for 12 s. */
    public static final long TEST_SETTLE_MILLIS = 300;

    public SyncConfig build() throws IOException {
        Path secret = dir.resolve("admin-password-" + System.nanoTime());
        Files.writeString(secret, adminPassword.isEmpty() ? "\n" : adminPassword + "\n");
        ZkSettings zk = new ZkSettings(zookeeper, "/mysql-discovery", sessionTimeoutMillis, 3_000, 50, 500, 3, null, true);
        return new SyncConfig(zk, HttpSettings.loopback(0), LogSettings.defaults(), pager,
                new ProxySqlSettings(adminHost, adminPort, adminUser, SecretFile.read(secret), 2_000, 10_000, 100, null,
                        null, datacenter),
                hostgroups, defaults, guards.settleAfterReconnectMillis() != null ? guards
                        : guards.withSettleAfterReconnectMillis(TEST_SETTLE_MILLIS), debounceMillis, debounceMaxMillis,
                fullPassIntervalMillis, mode,
                openPagesFile == null ? null : openPagesFile.toAbsolutePath().toString());
    }
}
