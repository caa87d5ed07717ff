package org.mysqldiscovery.role.fence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.mysql.MysqlEndpoint;
import org.mysqldiscovery.common.mysql.MysqlFence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences this host's mysqld with the suite's one fence ({@link MysqlFence}: {@code super_read_only=ON} first where
 * the server has it, then {@code read_only=ON}, read back), over a connection of the suite's MySQL edge
 * ({@link MysqlEndpoint}). MariaDB 10.11 needs the {@code READ_ONLY ADMIN} privilege for it (no longer part of
 * SUPER). Bounded twice: the driver's connect and socket
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
                try (Connection connection = endpoint().open(); Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT @@global.read_only")) {
                    LOG.info("fencing can reach {}:{} (read_only={})", host, port, rs.next() ? rs.getInt(1) : "?");
                } catch (SQLException | IllegalArgumentException e) {
                    LOG.warn("fencing cannot reach {}:{} now: {} (a demotion would not set read_only)", host, port,
                            describe(e));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("not warming up fencing: the agent is shutting down");
        }
    }

    /**
     * The fencing connection, built at each use: a host the config let through but that is no valid address fails
     * the fence (with the reason) instead of the agent's start.
     */
    private MysqlEndpoint endpoint() {
        int millis = (int) bound.toMillis();
        return MysqlEndpoint.server(MysqlEndpoint.address(host, port), user, password.value(), millis, millis,
                "role-agent", true);
    }

    private String setReadOnly() throws SQLException {
        try (Connection connection = endpoint().open(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (bound.toMillis() + 999) / 1000));
            return MysqlFence.apply(statement).describe();
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
