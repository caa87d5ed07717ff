package org.mysqldiscovery.cli.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MysqlGtidSetTest {
    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "8f2c9b9e-1d2b-11ee-8a4c-0242ac120002";

    static MysqlGtidSet set(String text) throws GtidFormatException {
        return MysqlGtidSet.parse(text, "test");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            A + ":1-5|" + A + ":1-5",
            A + ":1-5:7|" + A + ":1-5:7",
            A + ":7:1-5|" + A + ":1-5:7",
            A + ":1-5:6-9|" + A + ":1-9",
            A + ":1-5:3-4|" + A + ":1-5",
            "3E11FA47-71CA-11E1-9E33-C80AA9429562:1|" + A + ":1",
            "3E11FA4771CA11E19E33C80AA9429562:1-2|" + A + ":1-2",
            A + ":1-3:tag_1:5-6|" + A + ":1-3," + A + ":tag_1:5-6",
            A + ":9223372036854775806|" + A + ":9223372036854775806"})
    void sets_parse_normalised(String text, String printed) throws Exception {
        assertThat(set(text).toString()).isEqualTo(printed);
        assertThat(set(set(text).toString())).isEqualTo(set(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            A + "|is not uuid:interval",
            A + ":|neither an interval",
            A + ":0|invalid",
            A + ":5-3|invalid",
            A + ":1-9223372036854775807|invalid",
            A + ":99999999999999999999|out of range",
            A + ":1--3|neither an interval",
            A + ":-3|neither an interval",
            A + ":1-5,|element 2",
            "," + A + ":1|element 1",
            "not-a-uuid:1-5|is not a server UUID",
            "3e11fa47-71ca-11e1-9e33-c80aa942956:1|is not a server UUID",
            "3e11fa47-71ca-11e1-9e33-c80aa94295621:1|is not a server UUID",
            A + ":tag|has no interval",
            A + ":tag:other:1|has no interval",
            A + ":1 - 3|neither an interval",
            A + ":1;DROP TABLE x|neither an interval",
            "0-1-100|is not uuid:interval"})
    void garbage_is_rejected_naming_the_element(String text, String reason) {
        assertThatThrownBy(() -> MysqlGtidSet.parse(text, "gtid_executed of db1:3306"))
                .isInstanceOf(GtidFormatException.class)
                .hasMessageStartingWith("gtid_executed of db1:3306")
                .hasMessageContaining(reason);
    }

    @Test
    void elements_may_be_separated_by_newlines_as_mysql_prints_them() throws Exception {
        assertThat(set(A + ":5,\n " + A + ":1-4").toString()).isEqualTo(A + ":1-5");
        assertThat(set(B + ":1-3,\n" + A + ":1").toString()).isEqualTo(A + ":1," + B + ":1-3");
    }

    @Test
    void empty_and_oversized() throws Exception {
        assertThat(set("").isEmpty()).isTrue();
        assertThat(set(" \n").isEmpty()).isTrue();
        assertThatThrownBy(() -> set((A + ":1,").repeat(40_000))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> MysqlGtidSet.parse(null, "x")).hasMessageContaining("NULL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            A + ":1-10|" + A + ":3-4|" + A + ":1-2:5-10",
            A + ":1-10|" + A + ":1-10|''",
            A + ":1-10," + B + ":1-3|" + B + ":1-3|" + A + ":1-10",
            A + ":1-10|" + B + ":1-3|" + A + ":1-10",
            A + ":1-3:7-9|" + A + ":2-8|" + A + ":1:9",
            A + ":5|" + A + ":1-4:6-9|" + A + ":5"})
    void subtraction_leaves_what_the_other_set_lacks(String left, String right, String expected) throws Exception {
        assertThat(set(left).subtract(set(right)).toString()).isEqualTo(expected == null ? "" : expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            A + ":1-10|" + A + ":1-10|true",
            A + ":1-10|" + A + ":2-5:7|true",
            A + ":1-10|" + A + ":1-11|false",
            A + ":1-10|" + B + ":1|false",
            A + ":1-10|''|true",
            "''|" + A + ":1|false",
            A + ":1-3:tag:1-5|" + A + ":tag:2|true",
            A + ":1-3|" + A + ":tag:2|false"})
    void containment_is_gtid_subset(String superset, String subset, boolean contained) throws Exception {
        assertThat(set(superset).containsAll(set(subset))).isEqualTo(contained);
    }

    @Test
    void union_merges_and_counts() throws Exception {
        MysqlGtidSet union = set(A + ":1-5").union(set(A + ":6-9," + B + ":2"));
        assertThat(union.toString()).isEqualTo(A + ":1-9," + B + ":2");
        assertThat(union.count()).isEqualTo(BigInteger.TEN);
        assertThat(set(A + ":1-9223372036854775806").count())
                .isEqualTo(BigInteger.valueOf(9223372036854775806L));
    }

    @Test
    void of_uuid_keeps_every_tag_of_that_server() throws Exception {
        MysqlGtidSet s = set(A + ":1-3:t:4," + B + ":1");
        assertThat(s.ofUuid(A.toUpperCase()).toString()).isEqualTo(A + ":1-3," + A + ":t:4");
    }
}
