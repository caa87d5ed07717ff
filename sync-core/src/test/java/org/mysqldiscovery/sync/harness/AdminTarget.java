package org.mysqldiscovery.sync.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.mysqldiscovery.sandbox.proxysql.ProxySqlAdminStandIn;
import org.mysqldiscovery.sandbox.proxysql.StandInConfig;

/**
 * The ProxySQL admin a test runs against: the sandbox's stand-in, or a real ProxySQL when
 * {@code PROXYSQL_ADMIN_URL=mysql://USER:PASSWORD@HOST:PORT} is set. On a real ProxySQL, tests only touch
 * hostgroups {@value #FIRST_TEST_HOSTGROUP}..{@value #LAST_TEST_HOSTGROUP} and clean them up.
 */
public final class AdminTarget implements AutoCloseable {
    public static final String ENV = "PROXYSQL_ADMIN_URL";
    public static final int FIRST_TEST_HOSTGROUP = 9000;
    public static final int LAST_TEST_HOSTGROUP = 9999;

    private final ProxySqlAdminStandIn standIn;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private Connection connection;

    private AdminTarget(ProxySqlAdminStandIn standIn, String host, int port, String user, String password) {
        this.standIn = standIn;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A real ProxySQL when the environment names one, else a fresh stand-in with its data under {@code dir}. */
    public static AdminTarget create(Path dir) throws IOException {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url.trim());
            if (!"mysql".equals(uri.getScheme()) || uri.getRawUserInfo() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException(ENV + " must look like mysql://USER:PASSWORD@HOST:PORT");
            }
            String[] credentials = uri.getRawUserInfo().split(":", 2);
            AdminTarget real = new AdminTarget(null, uri.getHost(), uri.getPort(), decode(credentials[0]),
                    credentials.length > 1 ? decode(credentials[1]) : "");
            real.cleanUp();
            return real;
        }
        ProxySqlAdminStandIn standIn = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", "admin",
                dir.resolve("proxysql-stand-in")));
        standIn.start();
        return new AdminTarget(standIn, standIn.host(), standIn.port(), "admin", "admin");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String describe() {
        return standIn != null ? "the ProxySQL admin STAND-IN on " + host + ":" + port
                : "a REAL ProxySQL admin on " + host + ":" + port + " (" + ENV + ")";
    }

    public boolean isStandIn() {
        return standIn != null;
    }

    public Optional<ProxySqlAdminStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Statements the stand-in received (empty on a real ProxySQL: use {@link #serversVersion()} there). */
    public List<String> statements() {
        return standIn == null ? List.of() : standIn.statements();
    }

    public void clearStatements() {
        if (standIn != null) {
            standIn.clearStatements();
        }
    }

    /** The runtime version of mysql_servers: every LOAD MYSQL SERVERS TO RUNTIME moves it on. */
    public long serversVersion() throws SQLException {
        List<List<String>> rows = query("SELECT version FROM runtime_checksums_values WHERE name='mysql_servers'");
        return Long.parseLong(rows.get(0).get(0));
    }

    /** "hostgroup host:port status weight max_connections comment" of every row of {@code table} in range. */
    public List<String> rows(String table, int fromHostgroup, int toHostgroup) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (List<String> r : query("SELECT hostgroup_id, hostname, port, status, weight, max_connections, comment"
                + " FROM " + table + " WHERE hostgroup_id BETWEEN " + fromHostgroup + " AND " + toHostgroup
                + " ORDER BY hostgroup_id, hostname, port")) {
            rows.add(r.get(0) + " " + r.get(1) + ":" + r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(5)
                    + " " + r.get(6));
        }
        return rows;
    }

    /** "hostgroup host:port" of the ONLINE-or-SHUNNED rows in runtime (what ProxySQL routes to). */
    public List<String> routed(int fromHostgroup, int toHostgroup) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (List<String> r : query("SELECT hostgroup_id, hostname, port FROM runtime_mysql_servers"
                + " WHERE hostgroup_id BETWEEN " + fromHostgroup + " AND " + toHostgroup
                + " AND status IN ('ONLINE','SHUNNED') ORDER BY hostgroup_id, hostname, port")) {
            rows.add(r.get(0) + " " + r.get(1) + ":" + r.get(2));
        }
        return rows;
    }

    public synchronized List<List<String>> query(String sql) throws SQLException {
        try (Statement statement = connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            dropConnection();
            throw e;
        }
    }

    public synchronized void execute(String sql) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            dropConnection();
            throw e;
        }
    }

    /** Removes every test row (test hostgroup range) and loads that to runtime. */
    public void cleanUp() throws IOException {
        try {
            execute("DELETE FROM mysql_servers WHERE hostgroup_id BETWEEN " + FIRST_TEST_HOSTGROUP + " AND "
                    + LAST_TEST_HOSTGROUP);
            execute("DELETE FROM mysql_replication_hostgroups WHERE writer_hostgroup BETWEEN " + FIRST_TEST_HOSTGROUP
                    + " AND " + LAST_TEST_HOSTGROUP + " OR reader_hostgroup BETWEEN " + FIRST_TEST_HOSTGROUP + " AND "
                    + LAST_TEST_HOSTGROUP);
            execute("LOAD MYSQL SERVERS TO RUNTIME");
            execute("SAVE MYSQL SERVERS TO DISK");
        } catch (SQLException e) {
            throw new IOException("cannot clean up test hostgroups on " + describe() + ": " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("connectTimeout", "2000");
            connection = DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/", properties);
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Broken already: nothing to close cleanly.
            }
            connection = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (standIn == null) {
                cleanUp();
            }
        } finally {
            dropConnection();
            if (standIn != null) {
                standIn.close();
            }
        }
    }
}
