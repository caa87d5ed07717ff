package org.mysqldiscovery.role.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One real MariaDB server (the Debian package's mariadbd) on a loopback address, for fencing tests. A stop-gap
 * until the sandbox module's cluster harness is published; the same commands as reference/stack.md.
 */
public final class MariaDbFixture implements AutoCloseable {
    private final Path dir;
    private final String address;
    private final int port;
    private Process process;

    private MariaDbFixture(Path dir, String address, int port) {
        this.dir = dir;
        this.address = address;
        this.port = port;
    }

    public static MariaDbFixture start(Path dir, String address, int port) {
        MariaDbFixture fixture = new MariaDbFixture(dir, address, port);
        fixture.install();
        try {
            fixture.launch();
        } catch (RuntimeException e) {
            fixture.stop();
            throw e;
        }
        return fixture;
    }

    private void install() {
        Path data = dir.resolve("data");
        run(List.of("mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
    }

    private void launch() {
        try {
            process = new ProcessBuilder("/usr/sbin/mariadbd", "--no-defaults", "--user=root",
                    "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=" + address,
                    "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                    "--server-id=1", "--skip-name-resolve", "--innodb-buffer-pool-size=16M",
                    "--log-error=" + dir.resolve("error.log"), "--skip-log-bin")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited: " + Files.readString(dir.resolve("error.log")));
            }
            try (Connection connection = root()) {
                return connection.isValid(1);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private static void run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process install = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!install.waitFor(60, TimeUnit.SECONDS) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Connection root() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "root");
        props.setProperty("password", "");
        props.setProperty("connectTimeout", "1000");
        // root@127.0.0.1 (mariadb-install-db): loopback connections come from 127.0.0.1 whatever 127.x they reach.
        return DriverManager.getConnection("jdbc:mariadb://" + address + ":" + port + "/", props);
    }

    public void execute(String... statements) {
        try (Connection connection = root(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean readOnly() {
        try (Connection connection = root(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT @@global.read_only")) {
            rs.next();
            return rs.getInt(1) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user that may only toggle read_only (MariaDB 10.11: READ_ONLY ADMIN), connecting from loopback. */
    public void createUser(String user, String password, boolean readOnlyAdmin) {
        execute("CREATE USER '" + user + "'@'127.%' IDENTIFIED BY '" + password + "'");
        if (readOnlyAdmin) {
            execute("GRANT READ_ONLY ADMIN ON *.* TO '" + user + "'@'127.%'");
        }
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and wait. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
