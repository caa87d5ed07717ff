package org.mysqldiscovery.sync.plan;

import java.util.Comparator;
import java.util.Objects;

/** The primary key of {@code mysql_servers}: (hostgroup_id, hostname, port). */
public record RowKey(int hostgroupId, String hostname, int port) implements Comparable<RowKey> {
    private static final Comparator<RowKey> ORDER = Comparator.comparingInt(RowKey::hostgroupId)
            .thenComparing(RowKey::hostname).thenComparingInt(RowKey::port);

    public RowKey {
        Objects.requireNonNull(hostname, "hostname");
    }

    public HostPort hostPort() {
        return new HostPort(hostname, port);
    }

    @Override
    public int compareTo(RowKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return hostgroupId + "/" + hostname + ":" + port;
    }
}
