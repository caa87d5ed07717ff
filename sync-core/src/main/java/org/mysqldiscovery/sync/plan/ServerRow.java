package org.mysqldiscovery.sync.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;

/**
 * One row of {@code mysql_servers} (or {@code runtime_mysql_servers}), every column. The constraints are ProxySQL's
 * own (see proxysql-admin.md) and no more: any row the admin can hold, however odd (a hand-edited hostname of 5,000
 * characters, a megabyte of comment), can be read, compared and deleted.
 */
public record ServerRow(
        int hostgroupId,
        String hostname,
        int port,
        int gtidPort,
        String status,
        int weight,
        int compression,
        int maxConnections,
        int maxReplicationLag,
        int useSsl,
        int maxLatencyMs,
        String comment) implements Comparable<ServerRow> {

    public static final String ONLINE = "ONLINE";
    public static final String SHUNNED = "SHUNNED";
    public static final String OFFLINE_SOFT = "OFFLINE_SOFT";
    public static final String OFFLINE_HARD = "OFFLINE_HARD";
    public static final Set<String> STATUSES = Set.of(ONLINE, SHUNNED, OFFLINE_SOFT, OFFLINE_HARD);
    public static final int MAX_WEIGHT = 10_000_000;
    public static final int MAX_CONNECTIONS = 1_000_000;

    public ServerRow {
        if (hostgroupId < 0) {
            throw new IllegalArgumentException("hostgroup_id " + hostgroupId + " is negative");
        }
        if (hostname == null) {
            throw new IllegalArgumentException("hostname is NULL");
        }
        Range.checkValue("port", port, 0, 65535);
        if (status == null || !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status " + Quoting.quote(status)
                    + " is not one of ONLINE, SHUNNED, OFFLINE_SOFT, OFFLINE_HARD");
        }
        Range.checkValue("weight", weight, 0, MAX_WEIGHT);
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max_connections " + maxConnections + " is negative");
        }
        if (comment == null) {
            // ProxySQL refuses NULL comments (NOT NULL constraint failed: mysql_servers.comment).
            throw new IllegalArgumentException("comment is NULL");
        }
    }

    /** A row as the sync writes it: ONLINE, ProxySQL's defaults for the columns the sync does not manage. */
    public static ServerRow online(int hostgroupId, Instance instance, int weight, int maxConnections, String comment) {
        Objects.requireNonNull(instance, "instance");
        return new ServerRow(hostgroupId, instance.host(), instance.port(), 0, ONLINE, weight, 0, maxConnections, 0, 0,
                0, comment);
    }

    public RowKey key() {
        return new RowKey(hostgroupId, hostname, port);
    }

    public HostPort hostPort() {
        return new HostPort(hostname, port);
    }

    public ServerRow withStatus(String newStatus) {
        return new ServerRow(hostgroupId, hostname, port, gtidPort, newStatus, weight, compression, maxConnections,
                maxReplicationLag, useSsl, maxLatencyMs, comment);
    }

    /** Equal in every column but status (runtime status is ProxySQL's own health decision). */
    public boolean sameConfigurationAs(ServerRow other) {
        return hostgroupId == other.hostgroupId && hostname.equals(other.hostname) && port == other.port
                && gtidPort == other.gtidPort && weight == other.weight && compression == other.compression
                && maxConnections == other.maxConnections && maxReplicationLag == other.maxReplicationLag
                && useSsl == other.useSsl && maxLatencyMs == other.maxLatencyMs && comment.equals(other.comment);
    }

    /**
     * The rows of each hostgroup, in rows sorted as a plan's ({@link #compareTo}): views of {@code sorted}, not copies,
     * in its order.
     */
    static List<List<ServerRow>> hostgroupRuns(List<ServerRow> sorted) {
        List<List<ServerRow>> runs = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            int hostgroup = sorted.get(start).hostgroupId();
            int end = start + 1;
            while (end < sorted.size() && sorted.get(end).hostgroupId() == hostgroup) {
                end++;
            }
            runs.add(sorted.subList(start, end));
            start = end;
        }
        return runs;
    }

    @Override
    public int compareTo(ServerRow other) {
        // Field by field: the planner sorts 10,000 rows per pass, allocating keys here would dominate.
        int byHostgroup = Integer.compare(hostgroupId, other.hostgroupId);
        if (byHostgroup != 0) {
            return byHostgroup;
        }
        int byHost = hostname.compareTo(other.hostname);
        return byHost != 0 ? byHost : Integer.compare(port, other.port);
    }

    /** One stable line per row: the input of the plan digest and of log lines. */
    public String canonical() {
        return appendCanonical(new StringBuilder(96)).toString();
    }

    StringBuilder appendCanonical(StringBuilder out) {
        return out.append(hostgroupId).append('|').append(hostname).append('|').append(port).append('|')
                .append(gtidPort).append('|').append(status).append('|').append(weight).append('|')
                .append(compression).append('|').append(maxConnections).append('|').append(maxReplicationLag)
                .append('|').append(useSsl).append('|').append(maxLatencyMs).append('|').append(comment);
    }
}
