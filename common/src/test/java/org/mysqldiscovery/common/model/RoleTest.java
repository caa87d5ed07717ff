package org.mysqldiscovery.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @ParameterizedTest
    @CsvSource({"primary,PRIMARY", "replica,REPLICA", "reporting-replica,REPORTING_REPLICA"})
    void exact_tokens_parse(String token, Role role) {
        assertThat(Role.fromToken(token)).isEqualTo(role);
        assertThat(role.token()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "PRIMARY", "Primary", " primary", "primary ", "primary\n", "master", "slave",
            "reporting_replica", "\u0440rimary", "prim\u0430ry", "../../etc", "proxysql"})
    void anything_else_is_rejected_not_folded(String token) {
        assertThatThrownBy(() -> Role.fromToken(token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one of primary, replica, reporting-replica");
    }
}
