package org.mysqldiscovery.sync.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.model.SyncMode;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;
import org.mysqldiscovery.sync.plan.HostgroupMap;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.SchemaHostgroups;

/**
 * The proxysql-sync config file. {@link #load(Path)} is the public entry point (the CLI's {@code plan} uses it too).
 *
 * @param zookeeper              where the view lives
 * @param http                   /health, /metrics, /status; default port 9799
 * @param logging                log format and level
 * @param pager                  where pages go
 * @param proxysql               the ProxySQL admin this sync writes to
 * @param hostgroups             schema → hostgroup per role (and per reader role in {@code remote.mode: hostgroup}
 *                               its remote hostgroup): exactly the hostgroups this sync owns
 * @param defaults               weight and max_connections per role when a registration does not say
 * @param guards                 guard settings
 * @param debounceMillis         a change is applied once the view has been quiet this long
 * @param debounceMaxMillis      … or at the latest this long after the first change of a burst
 * @param fullPassIntervalMillis full pass: re-read ProxySQL, repair drift, re-check its settings
 * @param mode                   apply or dry-run
 * @param openPagesFile          where the keys of open pages are kept, so that a restarted sync resolves them;
 *                               null: in memory only (logged at start: a restart forgets them)
 */
public record SyncConfig(
        ZkSettings zookeeper,
        HttpSettings http,
        LogSettings logging,
        PagerSettings pager,
        ProxySqlSettings proxysql,
        Map<String, HostgroupIds> hostgroups,
        RoleDefaultsSettings defaults,
        GuardSettings guards,
        Long debounceMillis,
        Long debounceMaxMillis,
        Long fullPassIntervalMillis,
        SyncMode mode,
        String openPagesFile) {

    public static final int DEFAULT_HTTP_PORT = 9799;

    public SyncConfig {
        if (zookeeper == null) {
            throw new FieldException("zookeeper", "is required");
        }
        // --check-config catches an identity missing from its kind's list (the nodes it made would lock it out).
        org.mysqldiscovery.common.zk.ZkIdentities.requireOwnKind(zookeeper,
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.SYNC);
        http = http == null ? HttpSettings.loopback(DEFAULT_HTTP_PORT) : http;
        logging = logging == null ? LogSettings.defaults() : logging;
        pager = pager == null ? PagerSettings.log() : pager;
        if (proxysql == null) {
            throw new FieldException("proxysql", "is required (host, port, user, passwordFile)");
        }
        if (hostgroups == null || hostgroups.isEmpty()) {
            throw new FieldException("hostgroups", "at least one schema is required (schema: {primary: N, "
                    + "replica: N, reporting-replica: N})");
        }
        for (Map.Entry<String, HostgroupIds> entry : hostgroups.entrySet()) {
            if (entry.getValue() == null) {
                throw new FieldException("hostgroups." + entry.getKey(), "is empty");
            }
            try {
                new SchemaName(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new FieldException("hostgroups." + entry.getKey(), e.getMessage(), e);
            }
        }
        hostgroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hostgroups));
        try {
            buildMap(hostgroups);
        } catch (IllegalArgumentException e) {
            throw FieldException.under("hostgroups", e);
        }
        defaults = defaults == null ? RoleDefaultsSettings.standard() : defaults;
        List<org.mysqldiscovery.common.model.Role> remoteHostgroupRoles = defaults.remoteHostgroupRoles();
        if (!remoteHostgroupRoles.isEmpty() && proxysql.datacenter() == null) {
            // Without a datacenter every replica is local: the remote hostgroup would be owned and stay empty.
            throw new FieldException("defaults." + remoteHostgroupRoles.get(0).token() + ".remote.mode",
                    "hostgroup needs proxysql.datacenter (without it no replica is remote)");
        }
        try {
            new Planner(buildMap(hostgroups), defaults.toRoleDefaults(), 0.5);
        } catch (IllegalArgumentException e) {
            throw FieldException.under("hostgroups", e);
        }
        guards = guards == null ? GuardSettings.defaults() : guards;
        debounceMillis = Range.check("debounceMillis", debounceMillis, 20, 0, 60_000);
        debounceMaxMillis = Range.check("debounceMaxMillis", debounceMaxMillis, 100, 0, 600_000);
        if (debounceMaxMillis < debounceMillis) {
            throw new FieldException("debounceMaxMillis", debounceMaxMillis
                    + " is less than debounceMillis " + debounceMillis);
        }
        fullPassIntervalMillis = Range.check("fullPassIntervalMillis", fullPassIntervalMillis, 300_000, 1_000, 86_400_000);
        mode = mode == null ? SyncMode.APPLY : mode;
        if (openPagesFile != null && (openPagesFile.isBlank() || openPagesFile.length() > 4096
                || openPagesFile.indexOf('\0') >= 0 || !java.nio.file.Path.of(openPagesFile).isAbsolute())) {
            throw new FieldException("openPagesFile", "must be an absolute path (e.g. "
                    + "/var/lib/mysql-discovery/proxysql-sync-open-pages.json)");
        }
    }

    /** Reads and validates a config file; the message of the exception names the file, the field and the reason. */
    public static SyncConfig load(Path file) throws ConfigException {
        return ConfigLoader.load(file, SyncConfig.class);
    }

    /**
     * How long removals of absent servers wait after the view was read again or caught up: the configured
     * {@code guards.settleAfterReconnectMillis}, else twice the session timeout (an agent's expired session is
     * noticed within one session timeout; the second covers its new session and its next check round).
     */
    public long settleMillis() {
        Long configured = guards.settleAfterReconnectMillis();
        return configured != null ? configured : 2L * zookeeper.sessionTimeoutMillis();
    }

    public HostgroupMap hostgroupMap() {
        return buildMap(hostgroups);
    }

    /** The planner this config describes (map, per-role defaults, mass-removal limit). */
    public Planner planner() {
        return new Planner(hostgroupMap(), defaults.toRoleDefaults(), guards.massRemovalFraction(),
                proxysql.datacenter());
    }

    /** The hostgroup map of a {@code hostgroups} section (also read alone by the status page of serve). */
    public static HostgroupMap buildMap(Map<String, HostgroupIds> hostgroups) {
        Map<SchemaName, SchemaHostgroups> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, HostgroupIds> entry : hostgroups.entrySet()) {
            SchemaHostgroups ids;
            try {
                ids = entry.getValue().toSchemaHostgroups();
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                boolean namesRole = message.startsWith("primary:") || message.startsWith("replica:")
                        || message.startsWith("reporting-replica:") || message.startsWith("replica-remote:")
                        || message.startsWith("reporting-replica-remote:");
                throw new IllegalArgumentException(entry.getKey() + (namesRole ? "." : ": ") + message);
            }
            schemas.put(new SchemaName(entry.getKey()), ids);
        }
        return new HostgroupMap(schemas);
    }
}
