package org.mysqldiscovery.role.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.role.RoleAgent;
import org.mysqldiscovery.common.http.AuthSettings;
import org.mysqldiscovery.role.config.LimitsSettings;
import org.mysqldiscovery.role.config.MysqlSettings;
import org.mysqldiscovery.role.config.RoleAgentConfig;
import org.mysqldiscovery.common.http.TlsSettings;

/** Builds and starts an in-process role agent for tests, with its own role directory and audit log. */
public final class AgentFixture {
    public static final String TOKEN = "test-token-0123456789abcdef";
    public static final String SCHEMA = "orders";

    private final Path dir;
    private Instance instance = Instance.parse("127.0.0.1:3306");
    private String bindAddress = "127.0.0.1";
    private int port;
    private String zkConnect;
    private boolean auth = true;
    private MysqlSettings mysql;
    private boolean fence;
    private int quarantineTimeoutMillis = 1000;
    private int drainTimeoutMillis = 2000;
    private PagerSettings pager = PagerSettings.log();
    private TlsSettings tls;
    private Role initialRole = Role.REPLICA;
    private LimitsSettings limits;

    public AgentFixture(Path dir) {
        this.dir = dir;
    }

    public AgentFixture instance(String spelling) {
        this.instance = Instance.parse(spelling);
        return this;
    }

    public AgentFixture bind(String address, int port) {
        this.bindAddress = address;
        this.port = port;
        return this;
    }

    public AgentFixture zookeeper(String connectString) {
        this.zkConnect = connectString;
        return this;
    }

    public AgentFixture noAuth() {
        this.auth = false;
        return this;
    }

    public AgentFixture fencing(MysqlSettings settings) {
        this.mysql = settings;
        this.fence = settings != null;
        return this;
    }

    public AgentFixture quarantineTimeoutMillis(int millis) {
        this.quarantineTimeoutMillis = millis;
        return this;
    }

    public AgentFixture drainTimeoutMillis(int millis) {
        this.drainTimeoutMillis = millis;
        return this;
    }

    public AgentFixture pager(String webhookUrl) {
        this.pager = new PagerSettings("webhook", webhookUrl, null, 2000, 1, 100);
        return this;
    }

    public AgentFixture tls(TlsSettings settings) {
        this.tls = settings;
        return this;
    }

    public AgentFixture limits(LimitsSettings settings) {
        this.limits = settings;
        return this;
    }

    public AgentFixture role(Role role) {
        this.initialRole = role;
        return this;
    }

    public Path roleDirectory() {
        return dir.resolve("role-dir");
    }

    public Path auditLog() {
        return dir.resolve("audit.log");
    }

    public Path tokenFile() {
        return dir.resolve("token");
    }

    public Instance instance() {
        return instance;
    }

    public RoleAgentConfig config() {
        try {
            Files.createDirectories(dir);
            Files.writeString(tokenFile(), TOKEN + "\n");
            Files.setPosixFilePermissions(tokenFile(), java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ZkSettings zk = new ZkSettings(zkConnect, "/mysql-discovery", 6000, 1000, 50, 200, 2, null, true);
        return new RoleAgentConfig(instance, roleDirectory().toString(), zk, new HttpSettings(bindAddress, port), tls,
                auth ? AuthSettings.withTokenFile(SecretFile.read(tokenFile())) : AuthSettings.none(), mysql, fence,
                quarantineTimeoutMillis, drainTimeoutMillis, 10, auditLog().toString(), pager, LogSettings.defaults(),
                limits);
    }

    /** Writes the schema and role files and starts the agent. */
    public RoleAgent start() {
        RoleAgentConfig config = config();
        RoleDirectory directory = new RoleDirectory(roleDirectory());
        try {
            directory.writeSchema(SchemaName.of(SCHEMA));
            directory.writeRole(initialRole);
        } catch (RoleFileException e) {
            throw new IllegalStateException(e);
        }
        RoleAgent agent = new RoleAgent(config, Clock.systemUTC());
        try {
            agent.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return agent;
    }

    public static Http client(RoleAgent agent, String address) {
        return new Http("http://" + address + ":" + agent.port(), TOKEN);
    }
}
