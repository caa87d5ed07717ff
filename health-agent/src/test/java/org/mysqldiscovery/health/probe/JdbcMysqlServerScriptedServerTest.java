package org.mysqldiscovery.health.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.mysqldiscovery.health.config.MysqlSettings;
import org.mysqldiscovery.sandbox.mysql.ScriptedMysqlServer;

/**
 * The health agent's fence against a scripted MySQL 8 (MySQL 8 is not installable here; the real MariaDB path is
 * {@link JdbcMysqlServerIT}): it is the suite's one fence, so where the server has {@code super_read_only} the round
 * sees it and the fence sets it before {@code read_only}.
 */
class JdbcMysqlServerScriptedServerTest {

    private static JdbcMysqlServer connect(ScriptedMysqlServer server) {
        // Generous bounds: this test is about what is set, not how fast.
        return new JdbcMysqlServer(new MysqlSettings("127.0.0.1", server.port(), "health", null, 5_000), 5_000);
    }

    @Test
    void a_mysql_8_is_seen_with_super_read_only_and_fenced_with_it_first() throws Exception {
        try (ScriptedMysqlServer mysql8 = ScriptedMysqlServer.mysql8(); JdbcMysqlServer server = connect(mysql8)) {
            ServerVariables variables = server.variables();
            assertThat(variables.readOnly()).isFalse();
            assertThat(variables.hasSuperReadOnly()).isTrue();

            server.fence(variables.hasSuperReadOnly());

            assertThat(mysql8.global("super_read_only")).contains(true);
            assertThat(mysql8.global("read_only")).contains(true);
            assertThat(mysql8.statements()).containsSubsequence("SET GLOBAL super_read_only = ON",
                    "SET GLOBAL read_only = ON", "SELECT @@global.read_only, @@global.super_read_only");
        }
    }

    @Test
    void a_server_without_super_read_only_is_fenced_with_read_only_alone() throws Exception {
        try (ScriptedMysqlServer plain = ScriptedMysqlServer.withoutSuperReadOnly();
                JdbcMysqlServer server = connect(plain)) {
            ServerVariables variables = server.variables();
            assertThat(variables.hasSuperReadOnly()).isFalse();

            server.fence(variables.hasSuperReadOnly());

            assertThat(plain.global("read_only")).contains(true);
            assertThat(plain.statements()).noneMatch(s -> s.contains("super_read_only = ON"));
        }
    }

    @Test
    void a_refused_super_read_only_fails_the_fence_before_read_only_is_touched() throws Exception {
        try (ScriptedMysqlServer mysql8 = ScriptedMysqlServer.mysql8(); JdbcMysqlServer server = connect(mysql8)) {
            mysql8.refuse("SET GLOBAL super_read_only", "SUPER, SYSTEM_VARIABLES_ADMIN");

            assertThatThrownBy(() -> server.fence(true)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("privilege");
            assertThat(mysql8.global("read_only")).contains(false);
        }
    }
}
