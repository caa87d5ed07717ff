package org.mysqldiscovery.cli.command;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.mysqldiscovery.cli.precheck.MysqlConnector;
import org.mysqldiscovery.common.model.Instance;

/** Asks a mysqld whether it is writable and whether it replicates from anyone: what a clear must know. */
final class WritabilityProbe {
    /** Bound on each read once connected. */
    private static final int SOCKET_TIMEOUT_MILLIS = 3000;

    private final MysqlConnector connector;
    private final int connectTimeoutMillis;

    /**
     * @param writable               {@code @@read_only} is off
     * @param replicationConfigured  {@code SHOW SLAVE STATUS} has a row: it is set up to replicate from someone
     */
    record State(boolean writable, boolean replicationConfigured) {
    }

    WritabilityProbe(MysqlConnector connector, int connectTimeoutMillis) {
        this.connector = connector;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** The state, or a message saying why it cannot be known. */
    Result probe(Instance instance) {
        try (Connection c = connector.open(instance, connectTimeoutMillis, SOCKET_TIMEOUT_MILLIS);
             Statement s = c.createStatement()) {
            boolean readOnly;
            try (ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
                if (!rs.next()) {
                    return new Result(null, "SELECT @@global.read_only returned no row");
                }
                readOnly = rs.getBoolean(1);
            }
            boolean configured;
            try (ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
                configured = rs.next();
            }
            return new Result(new State(!readOnly, configured), null);
        } catch (MysqlConnector.ConnectFailure e) {
            return new Result(null, e.getMessage());
        } catch (SQLException e) {
            return new Result(null, MysqlConnector.brief(e));
        }
    }

    /** Either a state or why there is none. */
    record Result(State state, String failure) {
    }
}
