package org.mysqldiscovery.sync.proxysql;

/**
 * A second writer of the sync's rows: a managed hostgroup is also in {@code mysql_replication_hostgroups} (ProxySQL's
 * monitor would move servers in and out of it by {@code read_only}), or ProxySQL Cluster copies {@code mysql_servers}
 * from peers. The sync refuses to start (or, found later, to write).
 */
public final class HostgroupConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostgroupConflictException(String message) {
        super(message);
    }
}
