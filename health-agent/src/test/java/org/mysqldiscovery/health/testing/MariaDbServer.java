package org.mysqldiscovery.health.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real mariadbd for tests (Debian package binaries), in its own data directory on a free loopback port:
 * {@code mariadb-install-db} then {@code mariadbd}, as in reference/stack.md.
 */
public final class MariaDbServer implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final int port;
    private final int serverId;
    private final List<String> extraArgs;
    private Process process;

    private MariaDbServer(String name, Path dir, int port, int serverId, List<String> extraArgs) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.serverId = serverId;
        this.extraArgs = extraArgs;
    }

    /**
     * Creates the data directory (about 1 s); call {@link #start()} next. Each server has its own tmpdir: bootstraps
     * running at the same time in a shared /tmp have been seen to trip over each other's temporary tables.
     */
    public static MariaDbServer install(Path base, String name, int serverId, List<String> extraArgs) {
        Path dir = base.resolve(name);
        for (int attempt = 1; ; attempt++) {
            try {
                TempFiles.deleteTree(dir);
                Files.createDirectories(dir.resolve("tmp"));
                Process install = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--user=root",
                        "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"),
                        "--auth-root-authentication-method=normal", "--skip-test-db")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
                if (install.waitFor(60, TimeUnit.SECONDS) && install.exitValue() == 0) {
                    break;
                }
                install.destroyForcibly();
                if (attempt == 2) {
                    throw new IllegalStateException("mariadb-install-db failed twice for " + name + ": "
                            + Files.readString(dir.resolve("install.log")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new MariaDbServer(name, dir, freePort(), serverId, List.copyOf(extraArgs));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MariaDbServer start() {
        List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--user=root",
                "--datadir=" + dir.resolve("data"), "--tmpdir=" + dir.resolve("tmp"), "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysqld.sock"), "--server-id=" + serverId, "--log-bin=mysql-bin",
                "--binlog-format=ROW", "--log-slave-updates", "--gtid-strict-mode=ON", "--skip-name-resolve",
                "--innodb-buffer-pool-size=32M", "--performance-schema=OFF", "--max-connections=50"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mariadbd.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            await("mariadbd " + name + " answering").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(SQLException.class).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("mariadbd " + name + " exited, see " + dir);
                        }
                        try (Connection c = root()) {
                            return c.isValid(1);
                        }
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public Connection root() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "root");
        properties.setProperty("password", "");
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=2000",
                properties);
    }

    /** Runs statements as root. */
    public void sql(String... statements) {
        try (Connection c = root(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** First column of the first row, as text (null when no row). */
    public String query(String sql) {
        try (Connection c = root(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    public String variable(String name) {
        try (Connection c = root(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES LIKE '" + name + "'")) {
            return rs.next() ? rs.getString(2) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(this.name + ": " + e.getMessage(), e);
        }
    }

    public String replicaColumn(String column) {
        try (Connection c = root(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
            return rs.next() ? rs.getString(column) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
