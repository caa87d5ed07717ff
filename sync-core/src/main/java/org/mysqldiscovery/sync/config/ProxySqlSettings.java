package org.mysqldiscovery.sync.config;

import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.model.Instance;

/**
 * The ProxySQL admin interface this sync writes to (config key {@code proxysql}).
 *
 * @param host                       admin host to connect to (often 127.0.0.1: ProxySQL's admin user logs in from
 *                                   localhost only)
 * @param port                       admin port, default 6032
 * @param user                       admin user
 * @param passwordFile               file holding the admin password
 * @param connectTimeoutMillis       bound of one connect
 * @param socketTimeoutMillis        bound of one statement (a LOAD of 10,000 rows takes ~0.4 s)
 * @param pollTimeoutWarnAboveMillis warn when ProxySQL's {@code mysql-poll_timeout} is above this: held writes would
 *                                   be released late after a new primary arrives
 * @param statusName                 how this sync names itself in ZooKeeper ({@code sync/<statusName>}), as
 *                                   {@code host:port}; default {@code host:port} of the admin. Must be unique per
 *                                   ProxySQL: with every sync connecting to 127.0.0.1:6032, set it to the ProxySQL
 *                                   host's name, or their status nodes collide and a drain could be confirmed by
 *                                   one sync for all of them
 * @param drainInFlightMaxMillis     how long a leaving writer (set OFFLINE_SOFT first) may finish its in-flight
 *                                   queries before it is removed anyway; default 300, 0 removes at once (opt-out:
 *                                   ProxySQL may then execute an interrupted write twice)
 * @param datacenter                 the datacenter of this ProxySQL, as health agents name it in registrations
 *                                   ({@code datacenter}); when set, reads prefer replicas in it (see
 *                                   {@code defaults.<role>.remote}); absent: datacenters are ignored
 */
public record ProxySqlSettings(String host, Integer port, String user, SecretFile passwordFile,
        Integer connectTimeoutMillis, Integer socketTimeoutMillis, Integer pollTimeoutWarnAboveMillis,
        String statusName, Integer drainInFlightMaxMillis, String datacenter) {

    /** Without a datacenter: reads ignore datacenters. */
    public ProxySqlSettings(String host, Integer port, String user, SecretFile passwordFile,
            Integer connectTimeoutMillis, Integer socketTimeoutMillis, Integer pollTimeoutWarnAboveMillis,
            String statusName, Integer drainInFlightMaxMillis) {
        this(host, port, user, passwordFile, connectTimeoutMillis, socketTimeoutMillis, pollTimeoutWarnAboveMillis,
                statusName, drainInFlightMaxMillis, null);
    }

    /** With the default drain bound. */
    public ProxySqlSettings(String host, Integer port, String user, SecretFile passwordFile,
            Integer connectTimeoutMillis, Integer socketTimeoutMillis, Integer pollTimeoutWarnAboveMillis,
            String statusName) {
        this(host, port, user, passwordFile, connectTimeoutMillis, socketTimeoutMillis, pollTimeoutWarnAboveMillis,
                statusName, null);
    }

    /** Without a status name: the admin's host:port names the status node. */
    public ProxySqlSettings(String host, Integer port, String user, SecretFile passwordFile,
            Integer connectTimeoutMillis, Integer socketTimeoutMillis, Integer pollTimeoutWarnAboveMillis) {
        this(host, port, user, passwordFile, connectTimeoutMillis, socketTimeoutMillis, pollTimeoutWarnAboveMillis,
                null);
    }

    public ProxySqlSettings {
        if (host == null || host.isBlank()) {
            throw new FieldException("host", "is required (the ProxySQL admin host, e.g. 127.0.0.1)");
        }
        port = port == null ? 6032 : port;
        try {
            new Instance(host, port);
        } catch (IllegalArgumentException e) {
            throw new FieldException("host", e.getMessage());
        }
        if (user == null || user.isBlank()) {
            throw new FieldException("user", "is required");
        }
        if (user.length() > 128 || user.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new FieldException("user", "must be 1..128 printable characters without spaces");
        }
        if (passwordFile == null) {
            throw new FieldException("passwordFile", "is required");
        }
        connectTimeoutMillis = Range.check("connectTimeoutMillis", connectTimeoutMillis, 2_000, 10, 600_000);
        socketTimeoutMillis = Range.check("socketTimeoutMillis", socketTimeoutMillis, 10_000, 100, 3_600_000);
        pollTimeoutWarnAboveMillis = Range.check("pollTimeoutWarnAboveMillis", pollTimeoutWarnAboveMillis, 100, 1,
                600_000);
        drainInFlightMaxMillis = Range.check("drainInFlightMaxMillis", drainInFlightMaxMillis, 300, 0, 10_000);
        // The health agent's rule for its datacenter: a value it accepts must be spellable here, and back.
        if (datacenter != null && (datacenter.isBlank()
                || datacenter.length() > org.mysqldiscovery.common.model.Registration.MAX_DATACENTER_LENGTH
                || datacenter.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new FieldException("datacenter", org.mysqldiscovery.common.model.Quoting.quote(
                    datacenter) + " must be 1.." + org.mysqldiscovery.common.model.Registration.MAX_DATACENTER_LENGTH
                    + " characters, not blank, without control characters (as the health agents' datacenter)");
        }
        if (statusName != null) {
            try {
                Instance.parse(statusName);
            } catch (IllegalArgumentException e) {
                throw new FieldException("statusName", e.getMessage(), e);
            }
        }
    }

    /** The name of this sync's status node, {@code sync/<name>}. */
    public Instance status() {
        return statusName == null ? admin() : Instance.parse(statusName);
    }

    /** The admin endpoint as an instance. */
    public Instance admin() {
        return new Instance(host, port);
    }
}
