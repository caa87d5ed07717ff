package org.mysqldiscovery.sync.proxysql;

import java.util.Objects;
import java.util.Properties;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.sync.config.ProxySqlSettings;

/**
 * How to reach a ProxySQL admin interface. MariaDB Connector/J 3.5 with a plain URL works against the real admin
 * (mysql-connector-j does not: its connect-time {@code @@} query is refused), so only client-side timeouts are set.
 */
public record AdminEndpoint(Instance address, String user, String password, int connectTimeoutMillis,
        int socketTimeoutMillis) {

    public AdminEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (connectTimeoutMillis < 1 || socketTimeoutMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static AdminEndpoint of(ProxySqlSettings settings) {
        return new AdminEndpoint(settings.admin(), settings.user(), settings.passwordFile().value(),
                settings.connectTimeoutMillis(), settings.socketTimeoutMillis());
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://" + address.spelling() + "/";
    }

    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutMillis));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutMillis));
        return properties;
    }

    @Override
    public String toString() {
        return "ProxySQL admin " + user + "@" + address.spelling(); // never the password
    }
}
