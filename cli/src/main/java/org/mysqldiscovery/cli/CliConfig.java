package org.mysqldiscovery.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.http.AuthSettings;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.http.TlsSettings;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;

/**
 * The CLI's config file ({@code --config FILE}, else {@code $MYSQL_DISCOVERY_CONFIG}, else
 * {@code /etc/mysql-discovery/cli.yaml} when it exists). Every section is optional: command-line options override it.
 *
 * @param zookeeper where the suite's ZooKeeper is (the shared {@code zookeeper} section)
 * @param mysql     the account for read-only MySQL checks (precheck, quarantine clear)
 * @param precheck     defaults of {@code precheck}
 * @param knownSchemas the schemas this installation routes (those in the syncs' hostgroup maps); when set,
 *                     {@code status} flags a registered schema outside it as {@code unknown-schema} and lists the
 *                     known ones that have no registration
 * @param serve        the resident precheck service ({@code mysql-discovery serve}); required only by that command
 * @param pager        where {@code quarantine clear} resolves the failover notice of the promotion that wrote the
 *                     quarantine (the role agents' pager); absent: the notice stays open and the CLI says so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(ZkSettings zookeeper, Mysql mysql, Precheck precheck, List<String> knownSchemas,
        Serve serve, PagerSettings pager) {

    /** Without a pager. */
    public CliConfig(ZkSettings zookeeper, Mysql mysql, Precheck precheck, List<String> knownSchemas, Serve serve) {
        this(zookeeper, mysql, precheck, knownSchemas, serve, null);
    }

    /** Without a serve section or a pager. */
    public CliConfig(ZkSettings zookeeper, Mysql mysql, Precheck precheck, List<String> knownSchemas) {
        this(zookeeper, mysql, precheck, knownSchemas, null, null);
    }

    public CliConfig {
        precheck = precheck == null ? new Precheck(null, null) : precheck;
        // The CLI's identity is an operator's or a read-only observer's: check-config catches any other.
        if (zookeeper != null && zookeeper.auth() != null) {
            try {
                zookeeper.auth().kindAmong(org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR,
                        org.mysqldiscovery.common.zk.ZkIdentities.Kind.OBSERVER);
            } catch (IllegalArgumentException e) {
                throw FieldException.under("zookeeper", e);
            }
        }
        if (knownSchemas != null) {
            for (int i = 0; i < knownSchemas.size(); i++) {
                try {
                    new SchemaName(knownSchemas.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("knownSchemas[" + i + "]: " + e.getMessage());
                }
            }
            knownSchemas = List.copyOf(knownSchemas);
        }
    }

    public static CliConfig empty() {
        return new CliConfig(null, null, null, null, null, null);
    }

    /** The known schemas, when configured. */
    public Optional<SortedSet<SchemaName>> knownSchemaNames() {
        if (knownSchemas == null) {
            return Optional.empty();
        }
        SortedSet<SchemaName> names = new TreeSet<>();
        knownSchemas.forEach(s -> names.add(new SchemaName(s)));
        return Optional.of(names);
    }

    /**
     * @param user                 MySQL user with {@code SLAVE MONITOR} (MariaDB) / {@code REPLICATION CLIENT} (MySQL)
     * @param passwordFile         file holding its password
     * @param connectTimeoutMillis bound on one connection attempt (default 1000)
     */
    public record Mysql(String user, SecretFile passwordFile, Integer connectTimeoutMillis) {
        public Mysql {
            if (user == null || user.isBlank()) {
                throw new FieldException("user", "is required");
            }
            if (passwordFile == null) {
                throw new FieldException("passwordFile", "is required");
            }
            connectTimeoutMillis = Range.check("connectTimeoutMillis", connectTimeoutMillis, 1000, 10, 60_000);
        }
    }

    /**
     * @param maxLagSeconds  the best candidate may lag at most this much behind the most advanced position (default 10)
     * @param deadlineMillis the precheck ends within this, whatever the network does (default 5000)
     * @param allowCrossDatacenter true: a promotion into another datacenter than the failed primary's is only warned
     *                       about, not refused (issue 18; an opt-out, logged at every start of serve). Default false
     */
    public record Precheck(Long maxLagSeconds, Long deadlineMillis, Boolean allowCrossDatacenter) {
        /** Without the cross-datacenter opt-out. */
        public Precheck(Long maxLagSeconds, Long deadlineMillis) {
            this(maxLagSeconds, deadlineMillis, null);
        }

        public Precheck {
            allowCrossDatacenter = allowCrossDatacenter != null && allowCrossDatacenter;
            maxLagSeconds = maxLagSeconds == null ? 10L : maxLagSeconds;
            deadlineMillis = deadlineMillis == null ? 5000L : deadlineMillis;
            Range.check("maxLagSeconds", maxLagSeconds, 0, 86_400);
            Range.check("deadlineMillis", deadlineMillis, 500, 600_000);
        }
    }

    /**
     * The resident precheck service Orchestrator's PreFailoverProcesses line calls ({@code mysql-discovery serve}).
     *
     * @param http                    where it listens (default 127.0.0.1:{@value #DEFAULT_PORT}: beside Orchestrator)
     * @param auth                    {@code {tokenFile: PATH}} (the same token as the role agents) or the word
     *                                {@code none}; required, there is no default
     * @param tls                     optional HTTPS, as the role agent's {@code tls}
     * @param connectionMaxIdleMillis a probe's connection is kept this long for the next precheck (default 300000)
     * @param statusPage              the operator's status page on the same server (on by default when the config
     *                                has a zookeeper section)
     */
    public record Serve(HttpSettings http, AuthSettings auth, TlsSettings tls, Long connectionMaxIdleMillis,
            StatusPage statusPage) {
        public static final int DEFAULT_PORT = 9796;

        /** Without status page settings (the defaults). */
        public Serve(HttpSettings http, AuthSettings auth, TlsSettings tls, Long connectionMaxIdleMillis) {
            this(http, auth, tls, connectionMaxIdleMillis, null);
        }

        public Serve {
            http = http == null ? new HttpSettings("127.0.0.1", DEFAULT_PORT) : http;
            if (auth == null) {
                throw new FieldException("auth", "is required (tokenFile: PATH, or the word none)");
            }
            connectionMaxIdleMillis = Range.check("connectionMaxIdleMillis", connectionMaxIdleMillis, 300_000L, 0, 86_400_000L);
            statusPage = statusPage == null ? new StatusPage(null, null) : statusPage;
        }
    }

    /**
     * {@code serve.statusPage}: the read-only status page ({@code GET /status/}, {@code GET /v1/status}).
     *
     * @param enabled               default true; it also needs the config's zookeeper section (without one it is
     *                              off, logged)
     * @param refreshMillis         how often ZooKeeper is read for it (100..60000, default 500)
     * @param syncConfigs           the config files of the syncs whose ProxySQL the page reads (their admin
     *                              address, user, password file and hostgroup map): what each ProxySQL routes per
     *                              hostgroup, as {@code status --sync-config} reads it; none by default
     * @param proxysqlRefreshMillis how often those ProxySQLs are read (1000..600000, default 5000)
     */
    public record StatusPage(Boolean enabled, Long refreshMillis, List<String> syncConfigs,
            Long proxysqlRefreshMillis) {
        /** At most this many sync configs: a fleet's ProxySQLs read one after the other within a refresh. */
        public static final int MAX_SYNC_CONFIGS = 1_000;

        public StatusPage {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            refreshMillis = Range.check("refreshMillis", refreshMillis, 500L, 100, 60_000);
            syncConfigs = syncConfigs == null ? List.of() : List.copyOf(syncConfigs);
            if (syncConfigs.size() > MAX_SYNC_CONFIGS) {
                throw new IllegalArgumentException("syncConfigs: " + syncConfigs.size() + " files, more than "
                        + MAX_SYNC_CONFIGS);
            }
            if (syncConfigs.stream().anyMatch(f -> f.isBlank() || f.length() > 4096 || f.indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("syncConfigs: every entry must be a file path");
            }
            proxysqlRefreshMillis = Range.check("proxysqlRefreshMillis", proxysqlRefreshMillis, 5000L, 1000, 600_000);
        }

        /** ZooKeeper only: no ProxySQL read. */
        public StatusPage(Boolean enabled, Long refreshMillis) {
            this(enabled, refreshMillis, null, null);
        }
    }
}
