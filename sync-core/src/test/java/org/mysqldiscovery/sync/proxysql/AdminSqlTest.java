package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.sync.plan.RowKey;
import org.mysqldiscovery.sync.plan.ServerRow;

class AdminSqlTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "db1.example.com | 'db1.example.com'",
        "2001:db8::1 | '2001:db8::1'",
        "mysql-discovery:orders/primary | 'mysql-discovery:orders/primary'",
    })
    void plain_values_are_quoted(String value, String literal) {
        assertThat(AdminSql.literal(value)).isEqualTo(literal);
    }

    @Test
    void the_empty_string_is_an_empty_literal_never_null() {
        assertThat(AdminSql.literal("")).isEqualTo("''");
    }

    @Test
    void hostile_values_become_hex_and_cannot_escape_the_literal() {
        assertThat(AdminSql.literal("a'b")).isEqualTo("CAST(X'612762' AS TEXT)");
        assertThat(AdminSql.literal("x'); DELETE FROM mysql_servers; --")).startsWith("CAST(X'").doesNotContain(";");
        assertThat(AdminSql.literal("@@version")).doesNotContain("@");
        assertThat(AdminSql.literal("tab\there")).isEqualTo("CAST(X'7461620968657265' AS TEXT)");
        assertThat(AdminSql.literal("ü")).isEqualTo("CAST(X'c3bc' AS TEXT)");
    }

    @Test
    void deletes_are_chunked_below_sqlite_expression_depth() {
        List<RowKey> keys = IntStream.range(0, 450).mapToObj(i -> new RowKey(10, "h" + i, 3306)).toList();
        List<String> statements = AdminSql.deletes(keys);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).startsWith("DELETE FROM mysql_servers WHERE (hostgroup_id=10 AND hostname='h0' "
                + "AND port=3306) OR ");
        assertThat(statements).allSatisfy(s -> assertThat(s).doesNotContain(";"));
        assertThat(AdminSql.deletes(List.of())).isEmpty();
    }

    @Test
    void replaces_are_multi_row_statements_in_chunks() {
        List<ServerRow> rows = new ArrayList<>();
        for (int i = 0; i < 4_500; i++) {
            rows.add(new ServerRow(10, "h" + i, 3306, 0, "ONLINE", 1, 0, 1000, 0, 0, 0, "c"));
        }
        List<String> statements = AdminSql.replaces(rows);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).startsWith("REPLACE INTO mysql_servers (hostgroup_id, hostname, port, gtid_port,"
                + " status, weight, compression, max_connections, max_replication_lag, use_ssl, max_latency_ms, comment)"
                + " VALUES (10,'h0',3306,0,'ONLINE',1,0,1000,0,0,0,'c'),");
        assertThat(statements.get(2)).contains("'h4499'");
    }

    @Test
    void selects_name_the_hostgroups_and_only_server_tables() {
        assertThat(AdminSql.selectServers("runtime_mysql_servers", List.of(10, 11)))
                .isEqualTo("SELECT " + AdminSql.COLUMNS + " FROM runtime_mysql_servers WHERE hostgroup_id IN (10,11)"
                        + " ORDER BY hostgroup_id, hostname, port");
        assertThatThrownBy(() -> AdminSql.selectServers("mysql_users", List.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminSql.selectServers("mysql_servers", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
