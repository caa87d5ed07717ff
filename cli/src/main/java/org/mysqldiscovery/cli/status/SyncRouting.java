package org.mysqldiscovery.cli.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.Map;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.sync.config.HostgroupIds;
import org.mysqldiscovery.sync.config.ProxySqlSettings;
import org.mysqldiscovery.sync.config.SyncConfig;
import org.mysqldiscovery.sync.plan.HostgroupMap;

/**
 * What the status page reads of a sync's config file: its {@code proxysql} section (admin address, user, password
 * file, timeouts, status name) and its {@code hostgroups} map, validated as the sync validates them. The other
 * sections are not read at all: serve needs neither the sync's ZooKeeper password nor its pager key.
 *
 * @param proxysql   the sync's ProxySQL admin
 * @param hostgroups its hostgroup map, schema → ids
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncRouting(ProxySqlSettings proxysql, Map<String, HostgroupIds> hostgroups) {
    public SyncRouting {
        if (proxysql == null) {
            throw new IllegalArgumentException("proxysql: is required (host, port, user, passwordFile)");
        }
        if (hostgroups == null || hostgroups.isEmpty()) {
            throw new IllegalArgumentException("hostgroups: at least one schema is required");
        }
        hostgroups = Map.copyOf(hostgroups);
        map(hostgroups);
    }

    public HostgroupMap map() {
        return map(hostgroups);
    }

    private static HostgroupMap map(Map<String, HostgroupIds> hostgroups) {
        try {
            return SyncConfig.buildMap(hostgroups);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hostgroups." + e.getMessage(), e);
        }
    }

    /** Reads the two sections of a sync's config; the exception names the file, the field and the reason. */
    public static SyncRouting load(Path file) throws ConfigException {
        return ConfigLoader.load(file, SyncRouting.class);
    }
}
