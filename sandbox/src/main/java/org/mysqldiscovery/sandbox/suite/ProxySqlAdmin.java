package org.mysqldiscovery.sandbox.suite;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn;

/**
 * The ProxySQL admin the sandbox's sync writes to: a real one named by {@code mysql://USER:PASSWORD@HOST:PORT}, or
 * the stand-in (tests and demos only).
 *
 * @param host     admin host
 * @param port     admin port
 * @param user     admin user
 * @param password admin password
 * @param standIn  the stand-in, when that is what runs
 */
public record ProxySqlAdmin(String host, int port, String user, String password,
        Optional<ProxySqlAdminStandIn> standIn) {

    /** Parses {@code mysql://USER:PASSWORD@HOST:PORT}. */
    public static ProxySqlAdmin parse(URI url) {
        if (!"mysql".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1
                || url.getRawUserInfo() == null || !url.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException("ProxySQL admin URL must be mysql://USER:PASSWORD@HOST:PORT, not "
                    + url.getScheme() + "://…@" + url.getHost() + ":" + url.getPort());
        }
        String[] userInfo = url.getRawUserInfo().split(":", 2);
        return new ProxySqlAdmin(url.getHost(), url.getPort(), decode(userInfo[0]), decode(userInfo[1]),
                Optional.empty());
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/?user=" + user + "&password=" + password
                + "&connectTimeout=1000&socketTimeout=5000";
    }

    /**
     * Makes a real ProxySQL accept {@code user} on its MySQL interface and send its queries to {@code hostgroup}
     * (a {@code mysql_users} row, loaded to runtime). The stand-in has no MySQL interface.
     */
    public void routeApplicationUser(String user, String password, int hostgroup) {
        if (standIn.isPresent()) {
            throw new IllegalStateException("the ProxySQL admin stand-in has no MySQL interface to route "
                    + user + " through");
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl())) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("DELETE FROM mysql_users WHERE username = " + literal(user));
                statement.execute("INSERT INTO mysql_users (username, password, default_hostgroup, "
                        + "transaction_persistent) VALUES (" + literal(user) + ", " + literal(password) + ", "
                        + hostgroup + ", 1)");
                statement.execute("LOAD MYSQL USERS TO RUNTIME");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add " + user + " to mysql_users of the ProxySQL at " + host + ":"
                    + port + ": " + e.getMessage(), e);
        }
    }

    /** The sandbox's own names only: anything with a quote or backslash is refused rather than escaped. */
    private static String literal(String value) {
        if (!value.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new IllegalArgumentException("not a plain name or password (1-64 of [A-Za-z0-9_.@-]): "
                    + value.length() + " characters");
        }
        return "'" + value + "'";
    }

    public String describe() {
        return standIn.isPresent()
                ? "ProxySQL admin STAND-IN (tests and demos only, not a real ProxySQL) on " + host + ":" + port
                : "real ProxySQL admin on " + host + ":" + port;
    }
}
