package org.mysqldiscovery.health.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;

class HealthAgentConfigTest {
    private static final String MINIMAL = """
            instance: db1.example.com:3307
            zookeeper:
              allowUnauthenticated: true
              connectString: 127.0.0.1:2181
            mysql:
              user: health
            """;

    private static HealthAgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", HealthAgentConfig.class);
    }

    @Test
    void a_minimal_config_gets_the_documented_defaults() throws ConfigException {
        HealthAgentConfig config = parse(MINIMAL);
        assertThat(config.mode()).isEqualTo(Mode.MYSQL);
        assertThat(config.http().port()).isEqualTo(9797);
        assertThat(config.roleDirectory()).isEqualTo("/var/lib/mysql-discovery");
        assertThat(config.checkIntervalMillis()).isEqualTo(1000);
        assertThat(config.checkTimeoutMillis()).isEqualTo(1000);
        assertThat(config.rise()).isEqualTo(2);
        assertThat(config.fall()).isEqualTo(1);
        assertThat(config.requireBufferPoolLoaded()).isFalse();
        assertThat(config.replicaReadOnlyRequired()).isTrue();
        assertThat(config.fencing().enabled()).isTrue();
        assertThat(config.mysql().host()).isEqualTo("127.0.0.1");
        assertThat(config.mysql().port()).as("defaults to the instance's port").isEqualTo(3307);
        assertThat(config.mysql().password()).isEmpty();
        assertThat(config.maxReplicationLagMillis()).isEqualTo(10_000);
        assertThat(config.hasRestoreMarker()).isFalse();
        assertThat(config.weight()).as("0: the sync applies its per-role default").isZero();
        assertThat(config.maxConnections()).isZero();
    }

    @Test
    void the_shipped_example_is_valid_and_sets_every_field() throws IOException, ConfigException {
        Path module = Path.of("").toAbsolutePath();
        String text = Files.readString(module.resolve("config/example.yaml"));
        // The example names its secret relative to the repository root; tests run in the module directory.
        text = text.replace("health-agent/config/example-secrets/", module.resolve("config/example-secrets") + "/");
        HealthAgentConfig config = parse(text);
        assertThat(config.mysql().password()).isEqualTo("example-only-change-me");
        assertThat(config.heartbeat().table()).isEqualTo("percona.heartbeat");
        assertThat(config.heartbeat().maxLagMillis()).isEqualTo(5000);
        assertThat(config.datacenter()).isEqualTo("dc1");
        assertThat(config.hasRestoreMarker()).isTrue();
    }

    @Test
    void every_field_of_the_example_has_a_comment() throws IOException {
        java.util.List<String> lines = Files.readAllLines(Path.of("config/example.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            String previous = lines.get(i - 1).trim();
            assertThat(previous).as("line %d %s needs a comment above it", i + 1, line.trim()).startsWith("#");
        }
    }

    @Test
    void tcp_mode_needs_no_mysql_section_and_probes_the_instance_by_default() throws ConfigException {
        HealthAgentConfig config = parse("""
                mode: tcp
                instance: proxy1:6033
                zookeeper: {allowUnauthenticated: true, connectString: "127.0.0.1:2181"}
                """);
        assertThat(config.tcp().host()).isEqualTo("proxy1");
        assertThat(config.tcp().port()).isEqualTo(6033);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level key      | bogus: 1                                  | bogus: unknown key",
            "unknown nested key         | 'mysql: {user: h, pasword: x}'            | mysql.pasword: unknown key",
            "wrong type                 | 'checkIntervalMillis: fast'               | checkIntervalMillis: wrong type",
            "out of range               | 'checkIntervalMillis: 10'                 | checkIntervalMillis: 10 is out of range",
            "rise zero                  | 'rise: 0'                                 | rise: 0 is out of range",
            "fall negative              | 'fall: -1'                                | fall: -1 is out of range",
            "bad mode                   | 'mode: udp'                               | mode: \"udp\" is not a valid value",
            "bad boolean                | 'fencing: {enabled: maybe}'               | fencing.enabled: wrong type",
            "hostile heartbeat table    | 'heartbeat: {table: \"x`; DROP TABLE y\"}' | heartbeat.table:",
            "heartbeat without database | 'heartbeat: {table: heartbeat}'           | heartbeat.table:",
            "weight too large           | 'weight: 100000000'                       | weight: 100000000 is out of range",
            "negative lag               | 'maxReplicationLagSeconds: -5'            | maxReplicationLagSeconds:",
            "tcp section in mysql mode  | 'tcp: {port: 6033}'                       | tcp: is only used in mode tcp",
            "empty datacenter           | 'datacenter: \" \"'                       | datacenter:",
            "hostile mysql host         | 'mysql: {user: h, host: \"db?allowLoadLocalInfile=true\"}' | mysql.host:",
            })
    void bad_values_are_refused_naming_the_field(String what, String extra, String expected) {
        String yaml = MINIMAL.replace("mysql:\n  user: health\n", "") + extra + "\n"
                + (extra.startsWith("mysql:") ? "" : "mysql: {user: health}\n");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test.yaml: ").hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "missing {0}")
    @CsvSource(delimiter = '|', value = {
            "instance   | 'zookeeper: {allowUnauthenticated: true, connectString: \"z:2181\"}\nmysql: {user: h}'  | instance: is required",
            "zookeeper  | 'instance: db1:3306\nmysql: {user: h}'                       | zookeeper: is required",
            "mysql      | 'instance: db1:3306\nzookeeper: {allowUnauthenticated: true, connectString: \"z:2181\"}' | mysql: is required",
            "mysql.user | 'instance: db1:3306\nzookeeper: {allowUnauthenticated: true, connectString: \"z:2181\"}\nmysql: {host: 127.0.0.1}' | mysql.user: is required",
            "connectString | 'instance: db1:3306\nzookeeper: {root: /x}\nmysql: {user: h}' | zookeeper.connectString: is required",
            })
    void missing_fields_are_named(String field, String yaml, String expected) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "instance {0}")
    @CsvSource({"db1", "db1:0", "db1:99999", "'db 1:3306'", "'::1:3306'", "':3306'"})
    void a_bad_instance_spelling_is_refused(String instance) {
        assertThatThrownBy(() -> parse(MINIMAL.replace("db1.example.com:3307", "\"" + instance + "\"")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("instance");
    }

    @Test
    void a_missing_secret_file_is_named_with_its_field(@TempDir Path dir) {
        String yaml = MINIMAL.replace("user: health", "user: health\n  passwordFile: " + dir.resolve("nope"));
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql.passwordFile").hasMessageContaining("does not exist");
    }

    @Test
    void an_empty_secret_file_is_refused(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("pw"), "\n");
        String yaml = MINIMAL.replace("user: health", "user: health\n  passwordFile: " + secret);
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mysql.passwordFile").hasMessageContaining("empty");
    }

    @Test
    void the_password_is_read_from_its_file_and_never_shown(@TempDir Path dir) throws IOException, ConfigException {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
        HealthAgentConfig config = parse(MINIMAL.replace("user: health", "user: health\n  passwordFile: " + secret));
        assertThat(config.mysql().password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void empty_and_garbage_documents_are_refused() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(ConfigException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("[1, 2")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("just a string")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("\u0000\u0001")).isInstanceOf(ConfigException.class);
    }

    @Test
    void the_heartbeat_lag_limit_defaults_to_the_replication_limit() throws ConfigException {
        HealthAgentConfig config = parse(MINIMAL + "maxReplicationLagSeconds: 3\nheartbeat: {table: percona.heartbeat}\n");
        assertThat(config.heartbeat().maxLagMillis()).isEqualTo(3000);
        assertThat(config.heartbeat().column()).isEqualTo("ts");
        assertThat(config.heartbeat().utc()).isTrue();
        assertThat(config.heartbeat().quotedTable()).isEqualTo("`percona`.`heartbeat`");
    }
}
