package org.mysqldiscovery.sandbox.proxysql;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An admin interface a test talks to: the stand-in, or a real ProxySQL named by
 * {@code PROXYSQL_ADMIN_URL=mysql://USER:PASSWORD@HOST:PORT}.
 */
record AdminTarget(String name, String host, int port, String user, String password) {
    static final String ENVIRONMENT_VARIABLE = "PROXYSQL_ADMIN_URL";

    static AdminTarget of(ProxySqlAdminStandIn standIn) {
        return new AdminTarget("stand-in", standIn.host(), standIn.port(), standIn.config().user(),
                standIn.config().password());
    }

    /** The real ProxySQL of the environment, if one is named. */
    static Optional<AdminTarget> fromEnvironment() {
        String url = System.getenv(ENVIRONMENT_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(url.trim());
        if (!"mysql".equals(uri.getScheme()) || uri.getRawUserInfo() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " must look like mysql://USER:PASSWORD@HOST:PORT");
        }
        String[] userInfo = uri.getRawUserInfo().split(":", 2);
        return Optional.of(new AdminTarget("real ProxySQL", uri.getHost(), uri.getPort(), decode(userInfo[0]),
                userInfo.length > 1 ? decode(userInfo[1]) : ""));
    }

    boolean isStandIn() {
        return name.equals("stand-in");
    }

    String mariadbUrl(String properties) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + (properties.isEmpty() ? "" : "?" + properties);
    }

    String mysqlPlainUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/";
    }

    String mysqlWorkaroundUrl(String extraProperties) {
        String url = ProxySqlServerConfigCache.jdbcUrl(host, port);
        return extraProperties.isEmpty() ? url : url + "&" + extraProperties;
    }

    Connection mariadb() throws SQLException {
        return mariadb("");
    }

    Connection mariadb(String properties) throws SQLException {
        return DriverManager.getConnection(mariadbUrl(properties), user, password);
    }

    Connection mysql(String extraProperties) throws SQLException {
        return DriverManager.getConnection(mysqlWorkaroundUrl(extraProperties), user, password);
    }

    @Override
    public String toString() {
        return name + " " + host + ":" + port;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
