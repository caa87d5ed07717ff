package org.mysqldiscovery.role.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;

class RoleAgentConfigTest {
    @TempDir
    static Path dir;
    private static Path token;
    private static Path password;

    @BeforeEach
    void secrets() throws Exception {
        token = dir.resolve("token");
        Files.writeString(token, "0123456789abcdef-token\n");
        password = dir.resolve("password");
        Files.writeString(password, "pw\n");
    }

    private static String base(String auth) {
        return "instance: \"db1:3306\"\nroleDirectory: /tmp/rd\nzookeeper:\n  allowUnauthenticated: true\n  connectString: \"127.0.0.1:2181\"\n"
                + auth + "mysql:\n  user: ra\n  passwordFile: " + password + "\nauditLog: /tmp/audit.log\n";
    }

    private static RoleAgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", RoleAgentConfig.class);
    }

    @Test
    void the_example_config_passes_from_the_repository_root() throws Exception {
        Path example = Path.of("config/example.yaml").toAbsolutePath();
        String text = Files.readString(example).replace("role-agent/config/", example.getParent() + "/");
        RoleAgentConfig config = parse(text);
        assertThat(config.http().port()).isEqualTo(9798);
        assertThat(config.http().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.auth().disabled()).isFalse();
        assertThat(config.fenceOnDemotion()).isTrue();
        assertThat(config.mysql().timeoutMillis()).isEqualTo(1000);
    }

    @Test
    void defaults_fill_the_optional_fields() throws Exception {
        RoleAgentConfig config = parse(base("auth:\n  tokenFile: " + token + "\n"));
        assertThat(config.http().port()).isEqualTo(RoleAgentConfig.DEFAULT_PORT);
        assertThat(config.quarantineWriteTimeoutMillis()).isEqualTo(1000);
        assertThat(config.drainConfirmTimeoutMillis()).isEqualTo(2000);
        assertThat(config.drainDefaultSeconds()).isEqualTo(10);
        assertThat(config.mysql().host()).isEqualTo("db1");
        assertThat(config.mysql().port()).isEqualTo(3306);
        assertThat(config.pager().kind()).isEqualTo("log");
        assertThat(config.auth().tokenFile()).hasValueSatisfying(file -> assertThat(file.value())
                .isEqualTo("0123456789abcdef-token"));
    }

    @Test
    void auth_none_must_be_written_explicitly() throws Exception {
        assertThat(parse(base("auth: none\n")).auth().disabled()).isTrue();
        assertThatThrownBy(() -> parse(base(""))).hasMessageContaining("auth: is required");
    }

    @Test
    void the_token_never_appears_in_the_config_as_text() throws Exception {
        RoleAgentConfig config = parse(base("auth:\n  tokenFile: " + token + "\n"));
        assertThat(config.toString()).doesNotContain("0123456789abcdef-token");
    }

    static Stream<Arguments> broken_configs() {
        return Stream.of(
                Arguments.of("auth: nothing\n", "auth"),
                Arguments.of("auth: {}\n", "tokenFile: is required"),
                Arguments.of("auth:\n  tokenFile: /does/not/exist\n", "does not exist"),
                Arguments.of("auth:\n  tokenFile: @PW@\n", "must be 16 to 512 characters"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\n  extra: 1\n", "unknown key"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\ndrainDefaultSeconds: 61\n", "drainDefaultSeconds: 61"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\nquarantineWriteTimeoutMillis: 0\n",
                        "quarantineWriteTimeoutMillis: 0"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\nfenceOnDemotion: \"yes\"\n", "fenceOnDemotion"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\ntls:\n  keystore: /nope.p12\n", "tls.keystore"),
                Arguments.of("auth:\n  tokenFile: @TOKEN@\nunknownField: 1\n", "unknownField"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void broken_configs(String auth, String message) {
        String yaml = base(auth.replace("@TOKEN@", token.toString()).replace("@PW@", password.toString()));
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void fencing_needs_mysql_settings_unless_it_is_off() throws Exception {
        String noMysql = "instance: \"db1:3306\"\nroleDirectory: /tmp/rd\nzookeeper:\n  allowUnauthenticated: true\n  connectString: \"zk:2181\"\n"
                + "auth: none\nauditLog: /tmp/a.log\n";
        assertThatThrownBy(() -> parse(noMysql)).hasMessageContaining("mysql: is required while fenceOnDemotion");
        assertThat(parse(noMysql + "fenceOnDemotion: false\n").mysql()).isNull();
    }

    @Test
    void a_missing_instance_is_named() {
        assertThatThrownBy(() -> parse("roleDirectory: /x\n")).hasMessageContaining("instance: is required");
    }
}
