package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.model.Instance;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "0s, 0", "PT1.5S, 1500", "24h, 86400000",
            "' 5S ', 5000"})
    void durations_with_units(String text, long millis) {
        assertThat(Converters.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"5|with a unit", "5 s|with a unit", "-5s|with a unit", "25h|out of range",
            "PT-5S|out of range", "PTfoo|invalid", "1234567890s|with a unit"})
    void bad_durations_say_what_is_expected(String text, String reason) {
        assertThatThrownBy(() -> Converters.parseDuration(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void instance_lists_skip_empties_and_duplicates_and_name_every_bad_element() {
        assertThat(Converters.parseInstanceList("db1:3306,db2:3306,,db1:3306, [::1]:3307,"))
                .containsExactly(Instance.parse("db1:3306"), Instance.parse("db2:3306"), Instance.parse("[::1]:3307"));
        assertThat(Converters.parseInstanceList("")).isEmpty();
        assertThat(Converters.parseInstanceList(null)).isEmpty();
        assertThatThrownBy(() -> Converters.parseInstanceList("db1:3306,db2,db3:x"))
                .hasMessageContaining("element 2: instance \"db2\" has no port")
                .hasMessageContaining("element 3: instance \"db3:x\" has an invalid port");
        assertThatThrownBy(() -> Converters.parseInstanceList("x,".repeat(60_000)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> Converters.parseInstanceList("a,b,c,d,e,f,g"))
                .hasMessageContaining("and 2 more");
    }

    @Test
    void an_instance_is_parsed_strictly() {
        assertThat(Converters.parseInstance("db1.example.com:3306").spelling()).isEqualTo("db1.example.com:3306");
        assertThatThrownBy(() -> Converters.parseInstance("db1")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("has no port");
    }
}
