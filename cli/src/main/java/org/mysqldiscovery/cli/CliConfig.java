package org.mysqldiscovery.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.config.SecretFile;
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(ZkSettings zookeeper, Mysql mysql, Precheck precheck, List<String> knownSchemas) {

    public CliConfig {
        precheck = precheck == null ? new Precheck(null, null) : precheck;
        // The CLI's identity is an operator's or a read-only observer's: check-config catches any other.
        if (zookeeper != null && zookeeper.auth() != null) {
            try {
                zookeeper.auth().kindAmong(org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR,
                        org.mysqldiscovery.common.zk.ZkIdentities.Kind.OBSERVER);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("zookeeper." + e.getMessage(), e);
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
        return new CliConfig(null, null, null, null);
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
                throw new IllegalArgumentException("user: is required");
            }
            if (passwordFile == null) {
                throw new IllegalArgumentException("passwordFile: is required");
            }
            connectTimeoutMillis = connectTimeoutMillis == null ? 1000 : connectTimeoutMillis;
            if (connectTimeoutMillis < 10 || connectTimeoutMillis > 60_000) {
                throw new IllegalArgumentException("connectTimeoutMillis: " + connectTimeoutMillis
                        + " is out of range 10..60000");
            }
        }
    }

    /**
     * @param maxLagSeconds  the best candidate may lag at most this much behind the most advanced position (default 10)
     * @param deadlineMillis the precheck ends within this, whatever the network does (default 5000)
     */
    public record Precheck(Long maxLagSeconds, Long deadlineMillis) {
        public Precheck {
            maxLagSeconds = maxLagSeconds == null ? 10L : maxLagSeconds;
            deadlineMillis = deadlineMillis == null ? 5000L : deadlineMillis;
            if (maxLagSeconds < 0 || maxLagSeconds > 86_400) {
                throw new IllegalArgumentException("maxLagSeconds: " + maxLagSeconds + " is out of range 0..86400");
            }
            if (deadlineMillis < 500 || deadlineMillis > 600_000) {
                throw new IllegalArgumentException("deadlineMillis: " + deadlineMillis
                        + " is out of range 500..600000");
            }
        }
    }
}
