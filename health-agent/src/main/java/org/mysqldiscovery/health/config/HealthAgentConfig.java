package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.zk.ZkSettings;

/**
 * The health agent's configuration (one YAML file, see {@code config/example.yaml}). Every field is documented there;
 * defaults are applied here so that the rest of the program sees complete values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthAgentConfig(
        Mode mode,
        Instance instance,
        ZkSettings zookeeper,
        HttpSettings http,
        LogSettings logging,
        String roleDirectory,
        MysqlSettings mysql,
        TcpSettings tcp,
        Integer checkIntervalMillis,
        Integer checkTimeoutMillis,
        Integer rise,
        Integer fall,
        Integer maxReplicationLagSeconds,
        HeartbeatSettings heartbeat,
        String restoreMarkerFile,
        Boolean requireBufferPoolLoaded,
        Boolean replicaReadOnlyRequired,
        FencingSettings fencing,
        String datacenter,
        Integer weight,
        Integer maxConnections,
        Integer watchdogMillis) {

    public static final int DEFAULT_HTTP_PORT = 9797;
    public static final String DEFAULT_ROLE_DIRECTORY = "/var/lib/mysql-discovery";

    public HealthAgentConfig {
        mode = mode == null ? Mode.MYSQL : mode;
        if (instance == null) {
            throw new FieldException("instance", "is required: this server's host:port, spelled exactly as "
                    + "Orchestrator names it");
        }
        if (zookeeper == null) {
            throw new FieldException("zookeeper", "is required (at least zookeeper.connectString)");
        }
        // --check-config catches an identity missing from its kind's list (the nodes it made would lock it out).
        org.mysqldiscovery.common.zk.ZkIdentities.requireOwnKind(zookeeper,
                org.mysqldiscovery.common.zk.ZkIdentities.Kind.HEALTH_AGENT);
        http = http == null ? HttpSettings.loopback(DEFAULT_HTTP_PORT) : http;
        logging = logging == null ? LogSettings.defaults() : logging;
        roleDirectory = roleDirectory == null ? DEFAULT_ROLE_DIRECTORY : roleDirectory;
        checkPath("roleDirectory", roleDirectory);
        if (restoreMarkerFile != null) {
            checkPath("restoreMarkerFile", restoreMarkerFile);
        }
        checkIntervalMillis = Range.check("checkIntervalMillis", checkIntervalMillis, 1_000, 50, 600_000);
        checkTimeoutMillis = Range.check("checkTimeoutMillis", checkTimeoutMillis, 1_000, 10, 60_000);
        rise = Range.check("rise", rise, 2, 1, 100);
        fall = Range.check("fall", fall, 1, 1, 100);
        maxReplicationLagSeconds = Range.check("maxReplicationLagSeconds", maxReplicationLagSeconds, 10, 0, 86_400);
        requireBufferPoolLoaded = requireBufferPoolLoaded == null ? Boolean.FALSE : requireBufferPoolLoaded;
        replicaReadOnlyRequired = replicaReadOnlyRequired == null ? Boolean.TRUE : replicaReadOnlyRequired;
        fencing = fencing == null ? FencingSettings.defaults() : fencing;
        if (datacenter != null && (datacenter.isBlank() || datacenter.length() > 128
                || datacenter.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new FieldException("datacenter", Quoting.quote(datacenter)
                    + " is invalid: 1..128 printable characters");
        }
        // 0 = "no opinion": the sync applies its per-role default (DESIGN: registration values > 0 win).
        weight = Range.check("weight", weight, 0, 0, Registration.MAX_WEIGHT);
        maxConnections = Range.check("maxConnections", maxConnections, 0, 0, 1_000_000);
        watchdogMillis = Range.check("watchdogMillis", watchdogMillis, defaultWatchdogMillis(checkIntervalMillis,
                checkTimeoutMillis), 100, 600_000);
        if (mode == Mode.MYSQL) {
            if (mysql == null) {
                throw new FieldException("mysql", "is required in mode mysql (at least mysql.user)");
            }
            if (tcp != null) {
                throw new FieldException("tcp", "is only used in mode tcp; remove it or set mode: tcp");
            }
            mysql = mysql.withDefaultPort(instance.port());
            heartbeat = heartbeat == null ? null : heartbeat.withDefaultMaxLag(maxReplicationLagSeconds * 1000);
        } else {
            if (mysql != null) {
                throw new FieldException("mysql", "is only used in mode mysql; remove it or set mode: mysql");
            }
            if (heartbeat != null || restoreMarkerFile != null) {
                throw new FieldException(heartbeat != null ? "heartbeat" : "restoreMarkerFile",
                        "is only used in mode mysql");
            }
            tcp = (tcp == null ? new TcpSettings(null, null) : tcp).withDefaults(instance.host(), instance.port());
        }
    }

    private static void checkPath(String field, String value) {
        if (value.isBlank() || value.length() > 4096 || value.indexOf('\0') >= 0) {
            throw new FieldException(field, Quoting.quote(value) + " is not a usable path");
        }
        try {
            Path.of(value);
        } catch (InvalidPathException e) {
            throw new FieldException(field, Quoting.quote(value) + " is not a usable path: "
                    + e.getReason(), e);
        }
    }

    /** A pass runs at least every check interval; file reads are bounded by the check timeout. */
    static int defaultWatchdogMillis(int checkIntervalMillis, int checkTimeoutMillis) {
        return Math.max(500, checkIntervalMillis + 2 * checkTimeoutMillis);
    }

    /**
     * Bound of one file system call on the role files: a quarter of the watchdog bound (a pass reads three files), at
     * most the check timeout.
     */
    public java.time.Duration fileTimeout() {
        return java.time.Duration.ofMillis(Math.max(10, Math.min(checkTimeoutMillis, watchdogMillis / 4)));
    }

    public Path roleDirectoryPath() {
        return Path.of(roleDirectory);
    }

    /** Whether a restore marker is configured; the check is skipped otherwise. */
    public boolean hasRestoreMarker() {
        return restoreMarkerFile != null;
    }

    public Path restoreMarkerPath() {
        return restoreMarkerFile == null ? null : Path.of(restoreMarkerFile);
    }

    public long maxReplicationLagMillis() {
        return heartbeat != null ? heartbeat.maxLagMillis() : maxReplicationLagSeconds * 1000L;
    }
}
