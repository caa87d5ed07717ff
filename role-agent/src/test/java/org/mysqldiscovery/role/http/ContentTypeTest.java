package org.mysqldiscovery.role.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypeTest {

    @ParameterizedTest(name = "[{0}] accepted: {1}")
    @CsvSource(delimiter = '|', value = {
            "application/json|true",
            "Application/JSON|true",
            "application/json; charset=utf-8|true",
            "application/json;charset=\"UTF-8\"|true",
            "application/json; charset=iso-8859-1|false",
            "application/json; charset=utf-16|false",
            "text/plain|false",
            "application/x-www-form-urlencoded|false",
            "multipart/form-data; boundary=x|false",
            "application/jsonx|false",
            "''|false"})
    void content_types(String header, boolean accepted) {
        assertThat(RoleApi.contentTypeProblem(header).isEmpty()).isEqualTo(accepted);
    }
}
