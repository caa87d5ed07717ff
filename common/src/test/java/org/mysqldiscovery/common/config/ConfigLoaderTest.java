package org.mysqldiscovery.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.page.PagerSettings;
import org.mysqldiscovery.common.zk.ZkSettings;

class ConfigLoaderTest {
    @TempDir
    Path dir;
    Path secret;

    /** A program config shaped like the real ones. */
    record SampleConfig(ZkSettings zookeeper, HttpSettings http, LogSettings logging, PagerSettings pager,
            Long checkIntervalMillis, List<Target> targets, SecretFile passwordFile) {
        SampleConfig {
            if (zookeeper == null) {
                throw new FieldException("zookeeper", "is required");
            }
            if (checkIntervalMillis == null) {
                checkIntervalMillis = 1000L;
            }
            if (checkIntervalMillis <= 0) {
                throw new FieldException("checkIntervalMillis", "must be > 0, got " + checkIntervalMillis);
            }
        }
    }

    record Target(String name, Integer port) {
        Target {
            if (port == null || port < 1) {
                throw new FieldException("port", "is required and must be >= 1");
            }
        }
    }

    @BeforeEach
    void secretFile() throws Exception {
        secret = dir.resolve("password");
        Files.writeString(secret, "s3cret\n");
    }

    @Test
    void a_valid_config_loads_with_defaults_and_reads_the_secret() throws Exception {
        SampleConfig config = load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                http:
                  port: 9797
                targets:
                  - name: a
                    port: 1
                passwordFile: %s
                """.formatted(secret));
        assertThat(config.zookeeper().root()).isEqualTo("/mysql-discovery");
        assertThat(config.zookeeper().sessionTimeoutMillis()).isEqualTo(6000);
        assertThat(config.http().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.checkIntervalMillis()).isEqualTo(1000L);
        assertThat(config.passwordFile().value()).isEqualTo("s3cret");
        assertThat(config.passwordFile().toString()).doesNotContain("s3cret");
    }

    @Test
    void an_unknown_key_is_an_error_naming_file_path_and_key() {
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                  sesionTimeoutMillis: 100
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("c.yaml").toString())
                .hasMessageContaining("zookeeper.sesionTimeoutMillis: unknown key")
                .hasMessageContaining("(line ");
    }

    @Test
    void an_unknown_key_names_the_line_it_is_on_not_where_its_section_ends() {
        // Jackson reports a record's unknown key where the enclosing mapping ends: a typo on line 3 of a long
        // section was said to be on the section's last line.
        assertThatThrownBy(() -> load("""
                zookeeper:
                  connectString: 127.0.0.1:2181
                  sesionTimeoutMillis: 100
                  root: /mysql-discovery
                  retryMaxRetries: 3

                checkIntervalMillis: 1000
                """))
                .hasMessageContaining("zookeeper.sesionTimeoutMillis: unknown key")
                .hasMessageEndingWith("(line 3)");
        assertThatThrownBy(() -> load("""
                zookeeper:
                  connectString: 127.0.0.1:2181
                bogusKey: 1
                checkIntervalMillis: 1000
                targets:
                  - name: a
                    port: 1
                """))
                .hasMessageContaining("bogusKey: unknown key")
                .hasMessageEndingWith("(line 3)");
        assertThatThrownBy(() -> load("""
                zookeeper:
                  connectString: 127.0.0.1:2181
                targets:
                  - name: a
                    port: 1
                  - name: b
                    prot: 1
                    port: 2
                """))
                .hasMessageContaining("targets[1].prot: unknown key")
                .hasMessageEndingWith("(line 7)");
    }

    @Test
    void an_invalid_value_names_the_line_of_its_key() {
        assertThatThrownBy(() -> load("""
                zookeeper: {allowUnauthenticated: true,
                  connectString: 127.0.0.1:2181}
                checkIntervalMillis: 1000
                targets:
                  - name: a
                    port: 1
                  - name: b
                    port: 0
                  - name: c
                    port: 3
                """))
                .hasMessageContaining("targets[1]")
                .hasMessageEndingWith("(line 8)");
        assertThatThrownBy(() -> load("""
                zookeeper: {allowUnauthenticated: true,
                  connectString: 127.0.0.1:2181}
                checkIntervalMillis: soon
                targets: []
                """))
                .hasMessageContaining("checkIntervalMillis")
                .hasMessageEndingWith("(line 3)");
    }

    @Test
    void a_typo_beside_a_required_field_names_its_line_too() {
        assertThatThrownBy(() -> load("""
                http:
                  port: 1
                zookeeper:
                  conectString: 127.0.0.1:2181
                """))
                .hasMessageContaining("zookeeper.conectString: unknown key")
                .hasMessageEndingWith("(line 4)");
    }

    @Test
    void a_typo_beside_a_required_field_is_reported_as_the_unknown_key_not_as_the_missing_field() {
        // The record would fail on its missing connectString first; the typo is what the operator must fix.
        assertThatThrownBy(() -> load("""
                zookeeper:
                  conectString: 127.0.0.1:2181
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("c.yaml").toString())
                .hasMessageContaining("zookeeper.conectString: unknown key (known: ")
                .hasMessageContaining("connectString")
                .hasMessageNotContaining("is required");
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                targets:
                  - name: a
                    prot: 1
                passwordFile: /nonexistent
                """))
                .hasMessageContaining("targets[0].prot: unknown key (known: name, port)");
    }

    @Test
    void a_missing_required_field_is_named() {
        assertThatThrownBy(() -> load("http:\n  port: 1\n"))
                .hasMessageContaining("zookeeper: is required");
        assertThatThrownBy(() -> load("zookeeper:\n  root: /x\n"))
                .hasMessageContaining("zookeeper.connectString: is required");
    }

    @Test
    void a_wrong_type_is_named_with_its_path() {
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                checkIntervalMillis: often
                """))
                .hasMessageContaining("checkIntervalMillis")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                targets:
                  - name: a
                    port: [1]
                """))
                .hasMessageContaining("targets[0].port");
    }

    @Test
    void an_invalid_value_is_named_with_its_path() {
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                targets:
                  - name: a
                    port: 1
                  - name: b
                    port: -4
                """))
                .hasMessageContaining("targets[1].port: is required and must be >= 1");
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                  sessionTimeoutMillis: 0
                """))
                .hasMessageContaining("zookeeper.sessionTimeoutMillis: 0 is out of range");
    }

    @Test
    void a_secret_file_that_does_not_exist_is_named() {
        assertThatThrownBy(() -> load("""
                zookeeper:
                  allowUnauthenticated: true
                  connectString: 127.0.0.1:2181
                passwordFile: /nonexistent/secret
                """))
                .hasMessageContaining("passwordFile: secret file /nonexistent/secret does not exist")
                .hasMessageNotContaining("Cannot construct");
    }

    @Test
    void an_empty_secret_file_is_rejected() throws Exception {
        Files.writeString(secret, "\n");
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: a:1\npasswordFile: " + secret + "\n"))
                .hasMessageContaining("is empty");
    }

    @Test
    void empty_garbage_and_hostile_documents_are_rejected() {
        assertThatThrownBy(() -> load("")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: \"unterminated\n")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> load("- just\n- a list\n")).hasMessageContaining("wrong type");
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: a:1\nzookeeper:\n  connectString: b:1\n"))
                .isInstanceOf(ConfigException.class);
        String bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        assertThatThrownBy(() -> load(bomb)).isInstanceOf(ConfigException.class);
    }

    @Test
    void a_missing_config_file_is_named() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), SampleConfig.class))
                .hasMessageContaining("nope.yaml: does not exist");
    }

    @Test
    void pager_kinds_are_validated() {
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: a:1\npager:\n  kind: sms\n"))
                .hasMessageContaining("pager.kind: \"sms\" is not one of pagerduty, webhook, log");
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: a:1\npager:\n  kind: webhook\n"))
                .hasMessageContaining("pager.url: is required");
        assertThatThrownBy(() -> load("zookeeper:\n  allowUnauthenticated: true\n  connectString: a:1\npager:\n  kind: pagerduty\n"))
                .hasMessageContaining("pager.routingKeyFile: is required");
    }

    private SampleConfig load(String yaml) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, SampleConfig.class);
    }
}
