package org.mysqldiscovery.common.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Quoting;

/**
 * The one place where the suite builds a JDBC URL and its connection properties, and opens a connection: the
 * health agent's probe, the role agent's fence, the CLI's probes and the sync's ProxySQL admin client all connect
 * through it. Every connection is bounded (connect timeout for the handshake, socket timeout for every read) and
 * makes one attempt: the caller decides what a failure means.
 *
 * @param target               what is at the other end (decides the driver and the properties that differ)
 * @param address              host and port
 * @param user                 the login
 * @param password             its password, empty for none; never printed
 * @param connectTimeoutMillis bound on the TCP connect and handshake, at least 1
 * @param socketTimeoutMillis  bound on each read once connected, at least 1
 * @param programName          sent to servers as the connection attribute {@code program_name} (visible in
 *                             {@code performance_schema.session_connect_attrs}); not sent to ProxySQL's admin
 * @param sameHost             the server runs on this host: MySQL 8's {@code caching_sha2_password} may fetch the
 *                             server's RSA key without TLS ({@code allowPublicKeyRetrieval}), since nobody sits
 *                             between to swap it. False for anything reached over a network.
 */
public record MysqlEndpoint(MysqlTarget target, Instance address, String user, String password,
        int connectTimeoutMillis, int socketTimeoutMillis, String programName, boolean sameHost) {
    private static final Pattern PROGRAM_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final org.mariadb.jdbc.Driver DRIVER = new org.mariadb.jdbc.Driver();

    public MysqlEndpoint {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (connectTimeoutMillis < 1 || socketTimeoutMillis < 1) {
            throw new IllegalArgumentException("timeouts must be positive (connect " + connectTimeoutMillis
                    + " ms, socket " + socketTimeoutMillis + " ms)");
        }
        // It goes into a connection property list ("key:value,…"): nothing that could add another attribute.
        if (programName == null || !PROGRAM_NAME.matcher(programName).matches()) {
            throw new IllegalArgumentException("program name " + Quoting.quote(programName)
                    + " is not 1..32 of a-z, 0-9 and '-'");
        }
    }

    /** A MySQL 8 or MariaDB server. */
    public static MysqlEndpoint server(Instance address, String user, String password, int connectTimeoutMillis,
            int socketTimeoutMillis, String programName, boolean sameHost) {
        return new MysqlEndpoint(MysqlTarget.SERVER, address, user, password, connectTimeoutMillis,
                socketTimeoutMillis, programName, sameHost);
    }

    /** ProxySQL's admin interface. */
    public static MysqlEndpoint proxySqlAdmin(Instance address, String user, String password,
            int connectTimeoutMillis, int socketTimeoutMillis) {
        return new MysqlEndpoint(MysqlTarget.PROXYSQL_ADMIN, address, user, password, connectTimeoutMillis,
                socketTimeoutMillis, "proxysql-sync", false);
    }

    /** A configured host ({@code db1}, {@code 127.0.0.1}, {@code ::1} or {@code [::1]}) and port as an address. */
    public static Instance address(String host, int port) {
        boolean bracketed = host != null && host.length() > 2 && host.startsWith("[") && host.endsWith("]");
        return new Instance(bracketed ? host.substring(1, host.length() - 1) : host, port);
    }

    /** The URL: address only, every option is a property (a host cannot smuggle options in). */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + address.spelling() + "/";
    }

    public Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutMillis));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutMillis));
        properties.setProperty("tcpKeepAlive", "true");
        // One attempt, no failover logic of the driver's own.
        properties.setProperty("retriesAllDown", "1");
        if (target == MysqlTarget.SERVER) {
            properties.setProperty("connectionAttributes", "program_name:" + programName);
        }
        if (sameHost) {
            properties.setProperty("allowPublicKeyRetrieval", "true");
        }
        return properties;
    }

    /**
     * Opens a connection. Never null.
     *
     * @throws SQLException what the driver says (classify it by its cause and SQLState)
     */
    public Connection open() throws SQLException {
        Connection connection = DRIVER.connect(jdbcUrl(), properties());
        if (connection == null) {
            throw new SQLException("the MariaDB driver does not accept " + jdbcUrl());
        }
        return connection;
    }

    @Override
    public String toString() {
        return (target == MysqlTarget.PROXYSQL_ADMIN ? "ProxySQL admin " : "mysqld ") + user + "@"
                + address.spelling(); // never the password
    }
}
