package org.mysqldiscovery.cli.precheck;

import java.util.Objects;

/** What one server says about its GTIDs; MariaDB and MySQL keep different books. */
public sealed interface GtidState permits GtidState.Maria, GtidState.Mysql {

    /** The flavour's name in output: {@code mariadb} or {@code mysql}. */
    String flavor();

    /**
     * MariaDB: {@code @@server_id}, {@code @@gtid_binlog_pos}, {@code @@gtid_slave_pos}, {@code @@gtid_current_pos}
     * and the replication thread's {@code Gtid_IO_Pos} (empty when replication is not configured).
     */
    record Maria(long serverId, MariaPosition binlogPos, MariaPosition slavePos, MariaPosition currentPos,
            MariaPosition ioPos) implements GtidState {
        public Maria {
            Objects.requireNonNull(binlogPos, "binlogPos");
            Objects.requireNonNull(slavePos, "slavePos");
            Objects.requireNonNull(currentPos, "currentPos");
            Objects.requireNonNull(ioPos, "ioPos");
        }

        @Override
        public String flavor() {
            return "mariadb";
        }
    }

    /** MySQL: {@code @@server_uuid}, {@code @@gtid_executed} and the replication thread's {@code Retrieved_Gtid_Set}. */
    record Mysql(String serverUuid, MysqlGtidSet executed, MysqlGtidSet retrieved) implements GtidState {
        public Mysql {
            Objects.requireNonNull(serverUuid, "serverUuid");
            Objects.requireNonNull(executed, "executed");
            Objects.requireNonNull(retrieved, "retrieved");
            serverUuid = serverUuid.toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String flavor() {
            return "mysql";
        }
    }
}
