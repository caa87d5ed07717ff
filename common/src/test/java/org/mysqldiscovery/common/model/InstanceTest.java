package org.mysqldiscovery.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceTest {

    @ParameterizedTest
    @CsvSource({
            "db1.example.com:3306, db1.example.com, 3306",
            "127.0.0.1:3311, 127.0.0.1, 3311",
            "[::1]:3306, ::1, 3306",
            "[2001:db8::7]:65535, 2001:db8::7, 65535",
            "mysql-01:1, mysql-01, 1"})
    void valid_spellings_round_trip(String text, String host, int port) {
        Instance instance = Instance.parse(text);
        assertThat(instance.host()).isEqualTo(host);
        assertThat(instance.port()).isEqualTo(port);
        assertThat(instance.spelling()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "db1.example.com|no port",
            "db1:|invalid port",
            "db1:0|out of range",
            "db1:70000|out of range",
            "db1:65536|out of range",
            "db1:-1|invalid port",
            "db1:33o6|invalid port",
            ":3306|host is missing",
            "::1:3306|IPv6 addresses in brackets",
            "[::1]|expected [IPv6]:port",
            "[::1:3306|expected [IPv6]:port",
            "[::zz]:3306|not a valid IPv6",
            "[1:2:3:4:5:6:7:8:9]:3306|not a valid IPv6",
            "[127.0.0.1]:3306|only for IPv6",
            "db 1:3306|not a valid host name",
            "db1/../x:3306|not a valid host name",
            "-db1:3306|not a valid host name"})
    void invalid_spellings_are_rejected_naming_the_problem(String text, String reason) {
        assertThatThrownBy(() -> Instance.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 65536, 70000})
    void out_of_range_ports_are_rejected(int port) {
        assertThatThrownBy(() -> new Instance("db1", port)).hasMessageContaining("out of range 1..65535");
    }

    @org.junit.jupiter.api.Test
    void an_oversized_spelling_is_rejected_without_echoing_it_whole() {
        String text = "a".repeat(10_000) + ":3306";
        assertThatThrownBy(() -> Instance.parse(text)).hasMessageContaining("too long")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }

    @org.junit.jupiter.api.Test
    void missing_or_empty_is_rejected() {
        assertThatThrownBy(() -> Instance.parse(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> Instance.parse("")).hasMessageContaining("missing");
    }
}
