package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaStatusTest {

    private static Map<String, String> row() {
        Map<String, String> row = new HashMap<>();
        row.put("Master_Host", "127.0.0.1");
        row.put("Master_Port", "3307");
        row.put("Slave_IO_Running", "Yes");
        row.put("Slave_SQL_Running", "Yes");
        row.put("Seconds_Behind_Master", "0");
        row.put("SQL_Delay", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Error", "");
        row.put("Using_Gtid", "Slave_Pos");
        row.put("Gtid_IO_Pos", "0-1-42");
        return row;
    }

    @Test
    void a_healthy_replica_row_is_read() {
        ReplicaStatus s = ReplicaStatus.fromRow(row());
        assertThat(s.replicating()).isTrue();
        assertThat(s.source()).isEqualTo("127.0.0.1:3307");
        assertThat(s.secondsBehindMaster()).hasValue(0);
        assertThat(s.gtidIoPos()).hasToString("0-1-42");
    }

    @Test
    void null_seconds_behind_master_means_unknown_not_zero() {
        Map<String, String> row = row();
        row.put("Seconds_Behind_Master", null);
        row.put("Slave_IO_Running", "Connecting");
        ReplicaStatus s = ReplicaStatus.fromRow(row);
        assertThat(s.secondsBehindMaster()).isEmpty();
        assertThat(s.replicating()).isFalse();
    }

    @Test
    void columns_of_other_versions_that_are_absent_get_defaults() {
        Map<String, String> row = row();
        row.remove("SQL_Delay");
        row.remove("Gtid_IO_Pos");
        row.remove("Last_IO_Error");
        ReplicaStatus s = ReplicaStatus.fromRow(row);
        assertThat(s.sqlDelaySeconds()).isZero();
        assertThat(s.gtidIoPos().isEmpty()).isTrue();
        assertThat(s.lastIoError()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} = ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Master_Port | NULL | Master_Port missing or NULL",
        "Master_Port | 33o7 | Master_Port is not a number: '33o7'",
        "Master_Host | NULL | Master_Host missing",
        "Slave_IO_Running | NULL | Slave_IO_Running missing",
        "Seconds_Behind_Master | -x | Seconds_Behind_Master is not a number",
        "SQL_Delay | 1e3 | SQL_Delay is not a number",
        "Gtid_IO_Pos | 0-1 | not a GTID",
    })
    void bad_columns_are_named(String column, String value, String message) {
        Map<String, String> row = row();
        row.put(column, value);
        assertThatThrownBy(() -> ReplicaStatus.fromRow(row)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
