package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class GtidPositionTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0-1-10 | 0-1-10",
        "0-1-10,1-2-3 | 0-1-10,1-2-3",
        "1-2-3, 0-1-10 | 0-1-10,1-2-3",
        " 0-1-10 \\n| 0-1-10",
        "0-4294967295-9223372036854775807 | 0-4294967295-9223372036854775807",
    })
    void positions_are_parsed_and_printed_in_domain_order(String text, String printed) {
        assertThat(GtidPosition.parse(text.replace("\\n", "\n")).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void blank_means_empty(String text) {
        assertThat(GtidPosition.parse(text).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"0-1", "0-1-2-3", "a-b-c", "0--1-2", "-1-2-3", "0-1-", "0-1-10,", "0-1-99999999999999999999",
        "0-1-18446744073709551615", "0-1-9223372036854775808", "0-1-10,0-2-11", "0-1-1\u0000", "０-1-1", "0-1-1;DROP TABLE x"})
    void anything_else_is_refused_naming_the_bad_part(String text) {
        assertThatThrownBy(() -> GtidPosition.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.contains(",0-2") ? "twice" : "'");
    }

    @ParameterizedTest(name = "[{index}] {0} covers {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "0-1-10 | 0-1-10 | true",
        "0-1-11 | 0-1-10 | true",
        "0-1-9 | 0-1-10 | false",
        "0-2-10 | 0-1-10 | true",
        "0-1-10 | '' | true",
        "'' | 0-1-1 | false",
        "0-1-10,1-1-5 | 1-1-5 | true",
        "0-1-10 | 0-1-10,1-1-5 | false",
    })
    void covers_compares_sequence_numbers_per_domain(String ours, String theirs, boolean expected) {
        assertThat(GtidPosition.parse(ours).covers(GtidPosition.parse(theirs))).isEqualTo(expected);
    }
}
