package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentChecksumTest {

    private static List<byte[]> row(String... values) {
        return Arrays.stream(values).map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void no_rows_is_proxysqls_zero_checksum() {
        assertThat(ContentChecksum.of(List.of())).isEqualTo("0x0000000000000000");
    }

    @Test
    void the_format_is_0x_and_sixteen_upper_case_hex_digits() {
        assertThat(ContentChecksum.of(List.of(row("1", "db1", "3306")))).matches("0x[0-9A-F]{16}");
    }

    @Test
    void equal_content_gives_equal_checksums() {
        assertThat(ContentChecksum.of(List.of(row("1", "a"), row("2", "b"))))
                .isEqualTo(ContentChecksum.of(List.of(row("1", "a"), row("2", "b"))));
    }

    @Test
    void any_change_changes_the_checksum() {
        String base = ContentChecksum.of(List.of(row("1", "a", ""), row("2", "b", "")));
        assertThat(List.of(
                ContentChecksum.of(List.of(row("1", "a", "x"), row("2", "b", ""))),
                ContentChecksum.of(List.of(row("1", "a", ""))),
                ContentChecksum.of(List.of(row("2", "b", ""), row("1", "a", ""))),
                ContentChecksum.of(List.of(row("1", "a", null), row("2", "b", ""))),
                ContentChecksum.of(List.of(row("1", "a", ""), row("2", "b", ""), row("3", "c", "")))))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void values_do_not_run_into_each_other() {
        assertThat(ContentChecksum.of(List.of(row("ab", "c"))))
                .isNotEqualTo(ContentChecksum.of(List.of(row("a", "bc"))));
        assertThat(ContentChecksum.of(List.of(row("a"), row("b"))))
                .isNotEqualTo(ContentChecksum.of(List.of(row("a", "b"))));
    }
}
