package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.model.Quoting;

/**
 * How the agent reaches its own mysqld (over TCP; the agent runs on the same host).
 *
 * @param host                 address of the mysqld, default 127.0.0.1
 * @param port                 its port; default: the port of {@code instance}
 * @param user                 the monitoring user (grants in the README)
 * @param passwordFile         file holding that user's password; absent: no password
 * @param connectTimeoutMillis how long one connection attempt may take
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MysqlSettings(String host, Integer port, String user, SecretFile passwordFile,
        Integer connectTimeoutMillis) {
    /** Host names and IPv4/IPv6 literals only: the value goes into a JDBC URL, so nothing that could add options. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern USER = Pattern.compile("[^\\u0000-\\u001f\\u007f]{1,80}");

    public MysqlSettings {
        host = host == null ? "127.0.0.1" : host;
        if (!HOST.matcher(host).matches()) {
            throw new FieldException("host", Quoting.quote(host)
                    + " is not a host name or IP address (IPv6 in brackets)");
        }
        if (port != null) {
            Range.check("port", port, 1, 65535);
        }
        if (user == null || user.isEmpty()) {
            throw new FieldException("user", "is required (the monitoring user)");
        }
        if (!USER.matcher(user).matches()) {
            throw new FieldException("user", Quoting.quote(user)
                    + " is invalid: 1..80 characters without control characters");
        }
        connectTimeoutMillis = Range.check("connectTimeoutMillis", connectTimeoutMillis, 1_000, 10, 60_000);
    }

    MysqlSettings withDefaultPort(int defaultPort) {
        return port != null ? this : new MysqlSettings(host, defaultPort, user, passwordFile, connectTimeoutMillis);
    }

    /** The password, empty when no file is configured. */
    public String password() {
        return passwordFile == null ? "" : passwordFile.value();
    }
}
