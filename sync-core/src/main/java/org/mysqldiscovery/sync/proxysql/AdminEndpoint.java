package org.mysqldiscovery.sync.proxysql;

import java.util.Objects;
import java.sql.Connection;
import java.sql.SQLException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.mysql.MysqlEndpoint;
import org.mysqldiscovery.sync.config.ProxySqlSettings;

/**
 * How to reach a ProxySQL admin interface; the connection itself is built by the suite's MySQL edge
 * ({@link MysqlEndpoint#proxySqlAdmin}). MariaDB Connector/J 3.5 with a plain URL works against the real admin
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

    /** The connection as the suite's MySQL edge builds it for ProxySQL's admin. */
    public MysqlEndpoint mysqlEndpoint() {
        return MysqlEndpoint.proxySqlAdmin(address, user, password, connectTimeoutMillis, socketTimeoutMillis);
    }

    public String jdbcUrl() {
        return mysqlEndpoint().jdbcUrl();
    }

    Connection open() throws SQLException {
        return mysqlEndpoint().open();
    }

    @Override
    public String toString() {
        return "ProxySQL admin " + user + "@" + address.spelling(); // never the password
    }
}
