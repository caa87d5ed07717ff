package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {

    @ParameterizedTest(name = "[{index}] user ''{0}'' password ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "'' | pw | mysql user",
        "a'b | pw | mysql user",
        "abcdefghijabcdefghijabcdefghijabc | pw | mysql user",
        "agent | '' | passwords must match",
        "agent | pw' OR 1=1 -- | passwords must match",
        "agent | pw with space | passwords must match",
    })
    void names_and_passwords_that_would_need_quoting_are_refused(String user, String password, String message) {
        assertThatThrownBy(() -> new Credentials(user, password, Path.of("/tmp/pw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void the_password_never_appears_in_to_string() {
        assertThat(new Credentials("agent", "s3cret", Path.of("/tmp/pw")).toString()).doesNotContain("s3cret").contains("agent");
    }

    @Test
    void statements_are_logged_without_passwords() {
        assertThat(MariaDbServer.redact("CREATE USER 'a'@'%' IDENTIFIED BY 's3cret'")).doesNotContain("s3cret");
        assertThat(MariaDbServer.redact("CHANGE MASTER TO MASTER_USER='r', MASTER_PASSWORD='s3cret', MASTER_PORT=1"))
                .doesNotContain("s3cret").contains("MASTER_PORT=1");
    }
}
