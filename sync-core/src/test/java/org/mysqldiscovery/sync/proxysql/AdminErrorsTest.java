package org.mysqldiscovery.sync.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdminErrorsTest {
    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(admin("UNIQUE constraint failed: mysql_servers.hostgroup_id, mysql_servers.hostname"),
                        AdminErrorKind.CONSTRAINT),
                Arguments.of(admin("CHECK constraint failed: mysql_servers"), AdminErrorKind.CONSTRAINT),
                Arguments.of(admin("NOT NULL constraint failed: mysql_servers.comment"), AdminErrorKind.CONSTRAINT),
                Arguments.of(admin("ProxySQL Admin Error: unrecognized token: \"@\""), AdminErrorKind.SYNTAX),
                Arguments.of(admin("ProxySQL Admin Error: near \"SERVER\": syntax error"), AdminErrorKind.SYNTAX),
                Arguments.of(admin("ProxySQL Admin Error: no such table: runtime_foo"), AdminErrorKind.UNSUPPORTED),
                Arguments.of(admin("Command not supported"), AdminErrorKind.UNSUPPORTED),
                Arguments.of(new SQLException("Access denied for user 'admin'@'127.0.0.1'", "28000", 1045),
                        AdminErrorKind.AUTHENTICATION),
                Arguments.of(new SQLNonTransientConnectionException("Socket fail to connect to host:127.0.0.1, "
                        + "port:6032. Connection refused", "08000"), AdminErrorKind.UNREACHABLE),
                Arguments.of(new SQLException("(conn=3) Connection reset", "08000"), AdminErrorKind.UNREACHABLE),
                Arguments.of(new SQLException("wrapped", "HY000", 0, new IOException("Broken pipe")),
                        AdminErrorKind.UNREACHABLE),
                Arguments.of(new SQLTimeoutException("Read timed out"), AdminErrorKind.TIMEOUT),
                Arguments.of(admin("something else entirely"), AdminErrorKind.OTHER),
                Arguments.of(new SQLException((String) null), AdminErrorKind.OTHER));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("errors")
    void errors_are_classified_by_message_since_every_admin_error_is_28000_1045(SQLException e,
            AdminErrorKind kind) {
        assertThat(AdminErrors.classify(e)).isEqualTo(kind);
        assertThat(AdminErrors.describe(e)).isNotNull();
    }

    static SQLException admin(String message) {
        return new SQLException(message, "28000", 1045);
    }
}
