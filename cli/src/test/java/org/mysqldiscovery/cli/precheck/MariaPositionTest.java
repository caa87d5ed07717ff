package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MariaPositionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0-1-100|0-1-100",
            "0-1-100,1-2-7|0-1-100,1-2-7",
            "1-2-7,0-1-100|0-1-100,1-2-7",
            "' 0-1-100 , 1-2-7 '|0-1-100,1-2-7",
            "0-4294967295-18446744073709551615|0-4294967295-18446744073709551615",
            "4294967295-0-0|4294967295-0-0"})
    void positions_parse_and_print_as_the_server_does(String text, String printed) throws Exception {
        assertThat(MariaPosition.parse(text, "gtid_slave_pos").toString()).isEqualTo(printed);
    }

    @Test
    void an_empty_position_is_empty_not_an_error() throws Exception {
        assertThat(MariaPosition.parse("", "gtid_slave_pos").isEmpty()).isTrue();
        assertThat(MariaPosition.parse("  \n", "gtid_slave_pos").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0-1|element 1 \"0-1\" is not a MariaDB GTID",
            "0-1-|is not a MariaDB GTID",
            "-1-1-5|is not a MariaDB GTID",
            "0--1-5|is not a MariaDB GTID",
            "a-b-c|is not a MariaDB GTID",
            "0-1-100,|element 2 \"\" is not a MariaDB GTID",
            ",0-1-100|element 1",
            "0-1-100,,1-2-3|element 2",
            "0-1-100;1-2-3|is not a MariaDB GTID",
            "0-1-18446744073709551616|above 2^64-1",
            "0-1-99999999999999999999|above 2^64-1",
            "4294967296-1-1|out of range",
            "0-4294967296-1|out of range",
            "0-1-100,0-2-101|domain 0 appears more than once",
            "0-1-1e5|is not a MariaDB GTID",
            "0-1-+5|is not a MariaDB GTID",
            "0-1-0x10|is not a MariaDB GTID",
            "0 -1-5|is not a MariaDB GTID",
            "uuid:1-5|is not a MariaDB GTID"})
    void garbage_is_rejected_naming_the_value_and_the_element(String text, String reason) {
        assertThatThrownBy(() -> MariaPosition.parse(text, "gtid_binlog_pos of db1:3306"))
                .isInstanceOf(GtidFormatException.class)
                .hasMessageStartingWith("gtid_binlog_pos of db1:3306")
                .hasMessageContaining(reason);
    }

    @Test
    void null_is_named_as_missing() {
        assertThatThrownBy(() -> MariaPosition.parse(null, "gtid_slave_pos")).hasMessageContaining("NULL");
    }

    @Test
    void control_characters_and_escapes_are_not_echoed_raw() {
        assertThatThrownBy(() -> MariaPosition.parse("0-1-1\u001b[31m", "x"))
                .hasMessageContaining("\\u001b")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void an_oversized_value_is_rejected_before_any_work() {
        String huge = "0-1-1,".repeat(20_000);
        assertThatThrownBy(() -> MariaPosition.parse(huge, "x")).hasMessageContaining("longer than");
    }

    @Test
    void many_domains_are_fine_within_the_size_bound() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int d = 0; d < 3000; d++) {
            text.append(d == 0 ? "" : ",").append(d).append("-1-").append(d * 7L);
        }
        assertThat(MariaPosition.parse(text.toString(), "x").gtids()).hasSize(3000);
    }

    @ParameterizedTest
    @CsvSource({
            "0-1-99, 0-1-100, true",
            "0-1-100, 0-1-100, true",
            "0-2-100, 0-1-100, false",
            "0-1-101, 0-1-100, false",
            "1-1-5, 0-1-100, false",
            "0-1-9223372036854775808, 0-1-18446744073709551615, true",
            "0-1-18446744073709551615, 0-1-9223372036854775808, false"})
    void a_gtid_is_within_a_position_when_earlier_in_the_domain_or_the_very_same(String gtid, String position,
            boolean within) throws Exception {
        MariaGtid g = MariaPosition.parse(gtid, "g").gtids().iterator().next();
        MariaGtid p = MariaPosition.parse(position, "p").gtids().iterator().next();
        assertThat(g.isWithin(p)).isEqualTo(within);
    }
}
