package org.mysqldiscovery.role.config;

import java.nio.file.Path;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.http.AuthSettings;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.http.TlsSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;

/**
 * The role agent's config file. See {@code role-agent/config/example.yaml} for every field with a comment.
 *
 * @param instance                     this host's mysqld exactly as Orchestrator names it ({@code host:port})
 * @param roleDirectory                directory of the {@code schema}, {@code role} and {@code drain-until} files
 * @param zookeeper                    ZooKeeper (quarantine writes, drain confirmation)
 * @param http                         where the API listens; default 127.0.0.1:9798
 * @param tls                          optional HTTPS
 * @param auth                         bearer token file, or {@code none}; required
 * @param mysql                        this host's mysqld, for demotion fencing; required while fencing is on
 * @param fenceOnDemotion              set {@code read_only=ON} when the role leaves primary; default true
 * @param quarantineWriteTimeoutMillis bound of the quarantine write before a promotion flips anyway
 * @param drainConfirmTimeoutMillis    bound of the drain's convergence wait before it answers 504
 * @param drainDefaultSeconds          lease of a drain request without {@code seconds}
 * @param auditLog                     JSON-lines audit log file
 * @param pager                        where the failover notice goes; default the log
 * @param logging                      log format and level
 * @param limits                       what a flood, a slow body or one caller may cost; default {@link
 *                                     LimitsSettings#defaults()}
 */
public record RoleAgentConfig(
        Instance instance,
        String roleDirectory,
        ZkSettings zookeeper,
        HttpSettings http,
        TlsSettings tls,
        AuthSettings auth,
        MysqlSettings mysql,
        Boolean fenceOnDemotion,
        Integer quarantineWriteTimeoutMillis,
        Integer drainConfirmTimeoutMillis,
        Integer drainDefaultSeconds,
        String auditLog,
        PagerSettings pager,
        LogSettings logging,
        LimitsSettings limits) {

    public static final int DEFAULT_PORT = 9798;
    /** docs/DESIGN.md: a drain lease is at most 60 s. */
    public static final int MAX_DRAIN_SECONDS = 60;

    public RoleAgentConfig {
        if (instance == null) {
            throw new FieldException("instance", "is required (this host's mysqld as Orchestrator names it, "
                    + "host:port)");
        }
        if (roleDirectory == null || roleDirectory.isBlank()) {
            throw new FieldException("roleDirectory", "is required (e.g. /var/lib/mysql-discovery)");
        }
        if (zookeeper == null) {
            throw new FieldException("zookeeper", "is required");
        }
        // --check-config catches an identity missing from its kind's list (the nodes it made would lock it out).
        org.mysqldiscovery.common.zk.ZkIdentities.requireOwnKind(zookeeper,
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.ROLE_AGENT);
        http = http == null ? new HttpSettings("127.0.0.1", DEFAULT_PORT) : http;
        if (auth == null) {
            throw new FieldException("auth", "is required: a mapping with tokenFile, or the word none to run "
                    + "without authentication");
        }
        fenceOnDemotion = fenceOnDemotion == null ? Boolean.TRUE : fenceOnDemotion;
        if (fenceOnDemotion && mysql == null) {
            throw new FieldException("mysql", "is required while fenceOnDemotion is true");
        }
        if (mysql != null) {
            mysql = mysql.withDefaults(instance.host(), instance.port());
        }
        quarantineWriteTimeoutMillis = Range.check("quarantineWriteTimeoutMillis", quarantineWriteTimeoutMillis, 1000, 10,
                3000);
        drainConfirmTimeoutMillis = Range.check("drainConfirmTimeoutMillis", drainConfirmTimeoutMillis, 2000, 10, 30_000);
        drainDefaultSeconds = Range.check("drainDefaultSeconds", drainDefaultSeconds, 10, 1, MAX_DRAIN_SECONDS);
        if (auditLog == null || auditLog.isBlank()) {
            throw new FieldException("auditLog", "is required (e.g. /var/log/mysql-discovery/role-agent-audit.log)");
        }
        pager = pager == null ? PagerSettings.log() : pager;
        logging = logging == null ? LogSettings.defaults() : logging;
        limits = limits == null ? LimitsSettings.defaults() : limits;
    }

    public static RoleAgentConfig load(Path file) throws ConfigException {
        return ConfigLoader.load(file, RoleAgentConfig.class);
    }

    public Path roleDirectoryPath() {
        return Path.of(roleDirectory);
    }

    public Path auditLogPath() {
        return Path.of(auditLog);
    }
}
