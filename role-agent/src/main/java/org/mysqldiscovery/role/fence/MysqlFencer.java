package org.mysqldiscovery.role.fence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mysqldiscovery.common.config.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SET GLOBAL read_only=ON} on this host's mysqld, then reads it back. MariaDB 10.11 needs the
 * {@code READ_ONLY ADMIN} privilege for it (no longer part of SUPER). Bounded twice: the driver's connect and socket
 * timeouts, and the caller's wait on the future (a DNS lookup or a stuck driver cannot hold a demotion).
 */
public final class MysqlFencer implements Fencer {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlFencer.class);

    private final String host;
    private final int port;
    private final String user;
    private final SecretFile password;
    private final Duration bound;
    private final ExecutorService executor;

    public MysqlFencer(String host, int port, String user, SecretFile password, Duration bound,
            ExecutorService executor) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.bound = bound;
        this.executor = executor;
    }

    @Override
    public FenceOutcome fence() {
        long started = System.nanoTime();
        Future<String> call;
        try {
            call = executor.submit(this::setReadOnly);
        } catch (RejectedExecutionException e) {
            return failed("the agent is shutting down");
        }
        try {
            String result = call.get(bound.toMillis() + 100, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("fenced {}:{}: {} in {} ms", host, port, result, millis);
            return new FenceOutcome(FenceOutcome.Status.DONE, result + " on " + host + ":" + port);
        } catch (TimeoutException e) {
            call.cancel(true);
            return failed("no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return failed(describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
    }

    @Override
    public void warmUp() {
        try {
            executor.submit(() -> {
                try (Connection connection = DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/",
                        properties()); Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT @@global.read_only")) {
                    LOG.info("fencing can reach {}:{} (read_only={})", host, port, rs.next() ? rs.getInt(1) : "?");
                } catch (SQLException e) {
                    LOG.warn("fencing cannot reach {}:{} now: {} (a demotion would not set read_only)", host, port,
                            describe(e));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("not warming up fencing: the agent is shutting down");
        }
    }

    private Properties properties() {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password.value());
        props.setProperty("connectTimeout", Long.toString(bound.toMillis()));
        props.setProperty("socketTimeout", Long.toString(bound.toMillis()));
        // MySQL 8's default caching_sha2_password needs the server's RSA key without TLS; the fencer talks to the
        // mysqld of its own host, where nobody sits between to swap the key.
        props.setProperty("allowPublicKeyRetrieval", "true");
        return props;
    }

    private String setReadOnly() throws SQLException {
        Properties props = properties();
        String url = "jdbc:mariadb://" + host + ":" + port + "/";
        try (Connection connection = DriverManager.getConnection(url, props);
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (bound.toMillis() + 999) / 1000));
            // MySQL 8's read_only still lets SUPER users write; super_read_only does not (and implies read_only).
            // MariaDB has no such variable: read_only there already binds everyone without READ_ONLY ADMIN.
            boolean hasSuperReadOnly;
            try (ResultSet rs = statement.executeQuery("SHOW GLOBAL VARIABLES LIKE 'super_read_only'")) {
                hasSuperReadOnly = rs.next();
            }
            if (hasSuperReadOnly) {
                statement.execute("SET GLOBAL super_read_only = ON");
            }
            statement.execute("SET GLOBAL read_only = ON");
            try (ResultSet rs = statement.executeQuery("SELECT @@global.read_only")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("read_only did not turn on");
                }
            }
            return hasSuperReadOnly ? "super_read_only=ON, read_only=ON" : "read_only=ON";
        }
    }

    private FenceOutcome failed(String why) {
        LOG.error("FENCING FAILED for {}:{}: {} (the role file is flipped anyway)", host, port, why);
        return new FenceOutcome(FenceOutcome.Status.FAILED, "could not set read_only=ON on " + host + ":" + port
                + ": " + why);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        if (message.contains("privilege")) {
            message += " (the fencing user needs the READ_ONLY ADMIN privilege on MariaDB 10.11, SUPER or "
                    + "SYSTEM_VARIABLES_ADMIN on MySQL)";
        } else if (message.contains("Access denied for user")) {
            message += " (check mysql.user and mysql.passwordFile)";
        }
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
