package org.mysqldiscovery.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxSettingsTest {

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "Orders", "orders/x", "..", "-orders", "_x", "a b", "ordérs",
        "a1234567890123456789012345678901234567890123456789012345678901234"})
    void bad_schema_names_are_refused(String name) {
        assertThatThrownBy(() -> new SchemaSpec(name, 3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema name must match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "0", "a-b_c", "a123456789012345678901234567890123456789012345678901234567890123"})
    void good_schema_names_are_accepted(String name) {
        assertThat(new SchemaSpec(name, 1, 0).name()).isEqualTo(name);
    }

    @ParameterizedTest(name = "[{index}] {0} servers, {1} reporting")
    @CsvSource({"0, 0, servers must be 1..9", "10, 0, servers must be 1..9", "3, 3, reportingReplicas must be 0..2",
        "1, 1, reportingReplicas must be 0..0", "3, -1, reportingReplicas"})
    void bad_server_counts_are_refused(int servers, int reporting, String message) {
        assertThatThrownBy(() -> new SchemaSpec("orders", servers, reporting)).hasMessageContaining(message);
    }

    @Test
    void the_builder_refuses_bad_values_at_once_with_the_reason() {
        assertThatThrownBy(() -> Sandbox.builder().zookeeperNodes(2)).hasMessageContaining("1, 3, 5 or 7");
        assertThatThrownBy(() -> Sandbox.builder().tickTimeMillis(0)).hasMessageContaining("tickTimeMillis");
        assertThatThrownBy(() -> Sandbox.builder().schema("orders", 3).schema("orders", 2)).hasMessageContaining("declared twice");
        for (String root : List.of("", "/", "relative", "/trailing/", "//double", "/sp ace", "/a/../b", "/.", "/x/\u0000")) {
            assertThatThrownBy(() -> Sandbox.builder().zookeeperRoot(root)).as(root).hasMessageContaining("zookeeperRoot");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mysql-discovery", "/a/b.c/d_e-f", "/x..y"})
    void zookeeper_roots_are_absolute_paths(String root) {
        assertThat(Sandbox.builder().zookeeperRoot(root)).isNotNull();
    }

    @Test
    void an_unstarted_sandbox_refuses_queries_and_closes_quietly() {
        Sandbox sandbox = Sandbox.builder().build();
        assertThatThrownBy(sandbox::zookeeper).hasMessageContaining("not started");
        sandbox.close();
        sandbox.close();
        assertThat(sandbox.state()).isEqualTo(Sandbox.State.CLOSED);
        assertThatThrownBy(sandbox::start).hasMessageContaining("start() runs once");
    }

    @Test
    void programs_are_run_as_java_with_their_heap_and_generated_config() {
        ProgramSpec spec = ProgramSpec.of("health-agent", "health-agent-orders-1", Path.of("/jars/health-agent.jar"), "a: 1\n")
                .withHeapMb(64).withJvmOptions(List.of("-XX:+UseSerialGC")).withExtraArgs(List.of("--verbose"))
                .withInstance("127.0.0.1:3306").withHttpUrl("http://127.0.0.1:9797");
        List<String> command = ProgramLauncher.command(spec, Path.of("/s/programs/x/config.yaml"));
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command.subList(1, command.size())).containsExactly("-Xmx64m", "-XX:+UseSerialGC", "-jar", "/jars/health-agent.jar",
                "--config", "/s/programs/x/config.yaml", "--verbose");
        assertThat(spec.instance()).contains("127.0.0.1:3306");
        assertThat(spec.tokenFile()).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | id | program name", "health agent | id | program name", "p | '' | program id", "p | ../etc | program id",
        "p | a/b | program id"})
    void program_names_and_ids_are_checked(String program, String id, String message) {
        assertThatThrownBy(() -> ProgramSpec.of(program, id, Path.of("/x.jar"), "")).hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 8193})
    void program_heaps_are_bounded(int mb) {
        assertThatThrownBy(() -> ProgramSpec.of("p", "p", Path.of("/x.jar"), "").withHeapMb(mb)).hasMessageContaining("heapMb");
    }
}
