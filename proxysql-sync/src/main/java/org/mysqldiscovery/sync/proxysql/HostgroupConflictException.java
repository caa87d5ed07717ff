package org.mysqldiscovery.sync.proxysql;

/**
 * A managed hostgroup is also in {@code mysql_replication_hostgroups}: ProxySQL's monitor would move servers in and
 * out of it by {@code read_only}, fighting the sync. The sync refuses to start (or, found later, to write).
 */
public final class HostgroupConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public HostgroupConflictException(String message) {
        super(message);
    }
}
