package org.mysqldiscovery.role.config;

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
            throw new IllegalArgumentException("host: must be a host name or address");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port: " + port + " is out of range 1..65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user: is required");
        }
        if (user.length() > 128) {
            throw new IllegalArgumentException("user: is longer than 128 characters");
        }
        if (passwordFile == null) {
            throw new IllegalArgumentException("passwordFile: is required");
        }
        timeoutMillis = timeoutMillis == null ? 1000 : timeoutMillis;
        if (timeoutMillis < 50 || timeoutMillis > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeoutMillis: " + timeoutMillis + " is out of range 50.."
                    + MAX_TIMEOUT_MILLIS);
        }
    }

    MysqlSettings withDefaults(String defaultHost, int defaultPort) {
        return new MysqlSettings(host == null ? defaultHost : host, port == null ? defaultPort : port, user,
                passwordFile, timeoutMillis);
    }
}
