package org.mysqldiscovery.health.probe;

import java.sql.SQLException;
import java.util.Optional;
import org.mysqldiscovery.health.check.ReplicaStatus;
import org.mysqldiscovery.health.config.HeartbeatSettings;

/**
 * The agent's own mysqld, as the checks see it: a few queries, each bounded by the check timeout. Implemented over
 * JDBC ({@link JdbcMysqlServer}); called from the check thread only.
 */
public interface MysqlServer extends AutoCloseable {

    /** {@code SELECT 1}. */
    void ping() throws SQLException;

    ServerVariables variables() throws SQLException;

    /** The replication row, empty when the server is not a replica. */
    Optional<ReplicaStatus> replicaStatus() throws SQLException;

    /** Now minus the newest heartbeat, in milliseconds, by the server's clock; null when there is no usable row. */
    Long heartbeatLagMillis(HeartbeatSettings heartbeat) throws SQLException;

    /** {@code Innodb_buffer_pool_load_status}, or null when the server does not report it. */
    String bufferPoolLoadStatus() throws SQLException;

    /** Sets {@code read_only=ON}, and {@code super_read_only=ON} first when the server has it. */
    void fence(boolean superReadOnly) throws SQLException;

    @Override
    void close();
}
