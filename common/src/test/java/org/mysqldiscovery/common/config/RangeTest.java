package org.mysqldiscovery.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RangeTest {
    @Test
    void a_field_out_of_range_is_refused_with_its_name_and_bounds() {
        assertThatThrownBy(() -> Range.check("settleAfterReconnectMillis", -1L, 0L, 86_400_000L))
                .isInstanceOfSatisfying(FieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("settleAfterReconnectMillis");
                    assertThat(e.reason()).isEqualTo("-1 is out of range 0..86400000");
                })
                .hasMessage("settleAfterReconnectMillis: -1 is out of range 0..86400000");
    }

    @Test
    void the_bounds_are_inclusive_and_an_absent_field_takes_its_default() {
        assertThat(Range.check("port", 1, 1, 65535)).isEqualTo(1);
        assertThat(Range.check("port", 65535, 1, 65535)).isEqualTo(65535);
        assertThat(Range.check("rise", (Integer) null, 3, 1, 100)).isEqualTo(3);
        assertThat(Range.check("retryForMillis", (Long) null, 300_000L, 0L, 86_400_000L)).isEqualTo(300_000L);
        assertThatThrownBy(() -> Range.check("rise", (Integer) null, 0, 1, 100)).hasMessage("rise: 0 is out of range 1..100");
    }

    @Test
    void a_value_outside_any_document_is_refused_without_a_field() {
        assertThatThrownBy(() -> Range.checkValue("instance port", 0, 1, 65535))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance port 0 is out of range 1..65535");
    }

    @Test
    void a_nested_refusal_gets_the_outer_path_in_front() {
        IllegalArgumentException nested = FieldException.under("zookeeper", new FieldException("auth.user", "is required"));
        assertThat(nested).isInstanceOfSatisfying(FieldException.class,
                e -> assertThat(e.field()).isEqualTo("zookeeper.auth.user"));
        assertThat(nested).hasMessage("zookeeper.auth.user: is required");
        assertThat(FieldException.under("hostgroups", new IllegalArgumentException("no field")))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("hostgroups.no field");
    }
}
