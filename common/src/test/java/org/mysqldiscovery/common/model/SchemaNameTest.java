package org.mysqldiscovery.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a", "0", "user_profiles", "shard-01", "a234567890123456789012345678901234567890123456789012345678901234"})
    void valid_names_are_accepted(String name) {
        assertThat(new SchemaName(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Orders", "ORDERS", "a/b", "..", "../etc", ".", "_orders", "-orders", "orders ", " orders",
            "a2345678901234567890123456789012345678901234567890123456789012345", "ordérs", "orders\n", "o\u0000"})
    void invalid_names_are_rejected_with_the_value_and_the_rule(String name) {
        assertThatThrownBy(() -> new SchemaName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema name")
                .hasMessageContaining("[a-z0-9][a-z0-9_-]{0,63}");
    }

    @org.junit.jupiter.api.Test
    void a_65_character_name_is_rejected() {
        String name = "a".repeat(65);
        assertThatThrownBy(() -> new SchemaName(name)).hasMessageContaining("at most 64");
    }

    @org.junit.jupiter.api.Test
    void missing_name_is_rejected() {
        assertThatThrownBy(() -> new SchemaName(null)).hasMessageContaining("missing");
    }
}
