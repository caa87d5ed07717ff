package org.mysqldiscovery.common.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.common.model.Instance;

class MysqlEndpointTest {
    private static final Instance LOCAL = new Instance("127.0.0.1", 3306);

    @Test
    void an_agents_own_server_is_reached_with_bounded_timeouts_one_attempt_and_its_program_name() {
        MysqlEndpoint endpoint = MysqlEndpoint.server(LOCAL, "health", "pw", 1000, 500, "health-agent", true);

        Properties p = endpoint.properties();
        assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/");
        assertThat(p).containsEntry("user", "health").containsEntry("password", "pw")
                .containsEntry("connectTimeout", "1000").containsEntry("socketTimeout", "500")
                .containsEntry("retriesAllDown", "1").containsEntry("tcpKeepAlive", "true")
                .containsEntry("connectionAttributes", "program_name:health-agent")
                .containsEntry("allowPublicKeyRetrieval", "true");
    }

    @Test
    void a_server_over_the_network_never_fetches_its_rsa_key_without_tls() {
        Properties p = MysqlEndpoint.server(LOCAL, "u", "pw", 1000, 1000, "mysql-discovery", false).properties();

        assertThat(p).doesNotContainKey("allowPublicKeyRetrieval");
    }

    @Test
    void proxysqls_admin_gets_no_connection_attributes() {
        MysqlEndpoint admin = MysqlEndpoint.proxySqlAdmin(new Instance("127.0.0.1", 6032), "admin", "pw", 1000, 2000);

        assertThat(admin.target()).isEqualTo(MysqlTarget.PROXYSQL_ADMIN);
        assertThat(admin.properties()).doesNotContainKeys("connectionAttributes", "allowPublicKeyRetrieval")
                .containsEntry("socketTimeout", "2000");
        assertThat(admin).hasToString("ProxySQL admin admin@127.0.0.1:6032");
    }

    @Test
    void an_ipv6_address_is_bracketed_in_the_url_whichever_way_it_was_configured() {
        assertThat(MysqlEndpoint.address("[::1]", 3306)).isEqualTo(new Instance("::1", 3306));
        assertThat(MysqlEndpoint.server(MysqlEndpoint.address("::1", 3307), "u", "", 1, 1, "role-agent", true)
                .jdbcUrl()).isEqualTo("jdbc:mariadb://[::1]:3307/");
    }

    @Test
    void the_password_is_never_printed_and_a_missing_one_is_empty() {
        MysqlEndpoint endpoint = MysqlEndpoint.server(LOCAL, "u", null, 1, 1, "health-agent", true);

        assertThat(endpoint.password()).isEmpty();
        assertThat(MysqlEndpoint.server(LOCAL, "u", "s3cret", 1, 1, "health-agent", true).toString())
                .doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db1/?allowLoadLocalInfile=true", "db1?x=1", "db 1", "", "[", "[]", "a,b", "-"})
    void a_host_that_could_smuggle_url_options_or_is_no_address_is_refused(String host) {
        assertThatThrownBy(() -> MysqlEndpoint.address(host, 3306)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Health", "a,program_name:evil", "x:y", "name-that-is-far-too-long-to-be-a-program"})
    void a_program_name_that_could_add_attributes_is_refused(String name) {
        assertThatThrownBy(() -> MysqlEndpoint.server(LOCAL, "u", "", 1, 1, name, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("program name");
    }

    @Test
    void timeouts_must_be_positive() {
        assertThatThrownBy(() -> MysqlEndpoint.server(LOCAL, "u", "", 0, 1, "cli", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect 0 ms");
        assertThatThrownBy(() -> MysqlEndpoint.server(LOCAL, "u", "", 1, -5, "cli", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("socket -5 ms");
    }

    @Test
    void nothing_listening_is_an_sql_exception_within_the_connect_bound() {
        MysqlEndpoint endpoint = MysqlEndpoint.server(new Instance("127.0.0.1", 1), "u", "", 500, 500, "cli", false);

        assertThatThrownBy(endpoint::open).isInstanceOf(java.sql.SQLException.class);
    }
}
