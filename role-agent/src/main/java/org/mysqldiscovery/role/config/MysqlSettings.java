package org.mysqldiscovery.role.config;

import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * How the agent reaches this host's mysqld to fence it on demotion (config key {@code mysql}).
 *
 * @param host          mysqld address; default: the host of {@code instance}
 * @param port          mysqld port; default: the port of {@code instance}
 * @param user          a user with the {@code READ_ONLY ADMIN} privilege (MariaDB 10.11) or {@code SUPER}
 * @param passwordFile  file holding that user's password
 * @param timeoutMillis bound of the whole fencing call (connect + statement); must stay well below the demotion
 *                      hook's {@code curl -m 2}
 */
public record MysqlSettings(String host, Integer port, String user, SecretFile passwordFile, Integer timeoutMillis) {
    public static final int MAX_TIMEOUT_MILLIS = 1500;

    public MysqlSettings {
        if (host != null && (host.isBlank() || host.length() > 255)) {
            throw new FieldException("host", "must be a host name or address");
        }
        if (port != null) {
            Range.check("port", port, 1, 65535);
        }
        if (user == null || user.isBlank()) {
            throw new FieldException("user", "is required");
        }
        if (user.length() > 128) {
            throw new FieldException("user", "is longer than 128 characters");
        }
        if (passwordFile == null) {
            throw new FieldException("passwordFile", "is required");
        }
        timeoutMillis = Range.check("timeoutMillis", timeoutMillis, 1000, 50, MAX_TIMEOUT_MILLIS);
    }

    MysqlSettings withDefaults(String defaultHost, int defaultPort) {
        return new MysqlSettings(host == null ? defaultHost : host, port == null ? defaultPort : port, user,
                passwordFile, timeoutMillis);
    }
}
