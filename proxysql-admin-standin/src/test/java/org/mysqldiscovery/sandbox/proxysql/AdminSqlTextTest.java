package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminSqlTextTest {

    @ParameterizedTest(name = "[{0}] normalises to [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "LOAD MYSQL SERVERS TO RUNTIME|LOAD MYSQL SERVERS TO RUNTIME",
            "\"  load   mysql\tservers\nto runtime ;; \"|load mysql servers to runtime",
            "\"LOAD MYSQL SERVERS TO RUNTIME;\"|LOAD MYSQL SERVERS TO RUNTIME",
            "\" ; ; \"|\"\"",
            "\"\"|\"\"",
            "\"a; b;\"|a; b",
    })
    void whitespace_collapses_and_trailing_semicolons_go(String query, String normalised) {
        assertThat(AdminSqlText.normalize(query)).isEqualTo(normalised);
    }

    @ParameterizedTest(name = "[{0}] runs [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT 1|SELECT 1",
            "SELECT 1; SELECT 2|SELECT 1",
            "INSERT INTO t VALUES ('a;b'); DELETE FROM t|INSERT INTO t VALUES ('a;b')",
            "SELECT \"x;y\", `c;d`, [e;f] FROM t; DROP|SELECT \"x;y\", `c;d`, [e;f] FROM t",
            "\"-- a;b\nSELECT 1; SELECT 2\"|\"-- a;b\nSELECT 1\"",
            "/* ; */ SELECT 1 ; 2|\"/* ; */ SELECT 1 \"",
            "SELECT 'unterminated; still one|SELECT 'unterminated; still one",
            "SELECT 5 - -3; x|SELECT 5 - -3",
            "SELECT 6 / 2; x|SELECT 6 / 2",
            "\";SELECT 1\"|\"\"",
    })
    void only_the_first_statement_is_kept(String sql, String first) {
        assertThat(AdminSqlText.firstStatement(sql)).isEqualTo(first);
    }

    @ParameterizedTest(name = "[{0}] has a statement: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "SELECT 1|true",
            "\"\"|false",
            "\"  \n\t \"|false",
            "-- only a comment|false",
            "/* only a comment */|false",
            "/* unterminated|false",
            "\"-- c\nSELECT 1\"|true",
            "\" ; \"|false",
    })
    void comments_and_blanks_are_not_a_statement(String sql, boolean expected) {
        assertThat(AdminSqlText.hasStatement(sql)).isEqualTo(expected);
    }
}
