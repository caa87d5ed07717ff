package org.mysqldiscovery.cli.precheck;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.mysql.MysqlEndpoint;

/**
 * Opens JDBC connections through the suite's MySQL edge ({@link MysqlEndpoint}) bounded in time: a connect timeout for
 * the TCP handshake and a socket timeout for every read, so a server that accepts and never answers cannot hold the
 * caller past its deadline.
 */
public final class MysqlConnector {
    private final MysqlCredentials credentials;

    public MysqlConnector(MysqlCredentials credentials) {
        this.credentials = credentials;
    }

    /** A connection that could not be opened; {@link #reachable()} tells "not there" from "there but refused us". */
    public static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean reachable;

        ConnectFailure(String message, boolean reachable, Throwable cause) {
            super(message, cause);
            this.reachable = reachable;
        }

        /** True when the server answered (wrong credentials, too many connections, …). */
        public boolean reachable() {
            return reachable;
        }
    }

    /**
     * @param connectTimeoutMillis bound on the TCP connect and handshake
     * @param socketTimeoutMillis  bound on each read once connected
     */
    public Connection open(Instance instance, int connectTimeoutMillis, int socketTimeoutMillis)
            throws ConnectFailure {
        // Servers reached over the network: no RSA key retrieval without TLS (sameHost false).
        MysqlEndpoint endpoint = MysqlEndpoint.server(instance, credentials.user(), credentials.password(),
                Math.max(1, connectTimeoutMillis), Math.max(1, socketTimeoutMillis), "mysql-discovery", false);
        try {
            return endpoint.open();
        } catch (SQLException e) {
            throw classify(e, connectTimeoutMillis);
        }
    }

    static ConnectFailure classify(SQLException e, int connectTimeoutMillis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new ConnectFailure("connection refused", false, e);
            }
            if (t instanceof SocketTimeoutException) {
                return new ConnectFailure("no answer within " + connectTimeoutMillis + " ms", false, e);
            }
            if (t instanceof UnknownHostException) {
                return new ConnectFailure("unknown host", false, e);
            }
            if (t instanceof NoRouteToHostException) {
                return new ConnectFailure("no route to host", false, e);
            }
            if (t == t.getCause()) {
                break;
            }
        }
        if (e instanceof SQLInvalidAuthorizationSpecException || "28000".equals(e.getSQLState())) {
            return new ConnectFailure("access denied: " + brief(e), true, e);
        }
        String state = e.getSQLState();
        // 08xxx: connection exceptions (no server there, or it hung up during the handshake).
        boolean reachable = state != null && !state.startsWith("08");
        return new ConnectFailure(brief(e), reachable, e);
    }

    /** Closes a connection whose fate no longer matters (a probe is over, or it broke). */
    public static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing to do with a connection that cannot even close: it is gone either way.
            return;
        }
    }

    /** The first line of a driver message, without the driver's connection-string noise, bounded. */
    public static String brief(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        message = message.replaceFirst("^\\(conn=\\d+\\) ", "");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
