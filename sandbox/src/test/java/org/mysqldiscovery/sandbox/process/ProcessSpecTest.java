package org.mysqldiscovery.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "tab\there", "new\nline"})
    void names_must_be_single_words(String name) {
        assertThatThrownBy(() -> ProcessSpec.of(name, List.of("true"), Path.of("/"), Path.of("/tmp/x.log")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("process name");
    }

    @Test
    void an_empty_command_or_negative_timeout_is_refused() {
        assertThatThrownBy(() -> ProcessSpec.of("x", List.of(), Path.of("/"), Path.of("/tmp/x.log"))).hasMessageContaining("empty command");
        assertThatThrownBy(() -> new ProcessSpec("x", List.of("true"), Path.of("/"), Path.of("/l"), Map.of(), Duration.ofSeconds(-1)))
                .hasMessageContaining("negative stopTimeout");
    }

    @Test
    void the_spec_is_an_immutable_copy() {
        List<String> command = new java.util.ArrayList<>(List.of("sleep", "1"));
        ProcessSpec spec = ProcessSpec.of("x", command, Path.of("/"), Path.of("/l"));
        command.add("more");
        assertThat(spec.command()).containsExactly("sleep", "1");
    }

    @Test
    void loopback_ports_are_never_handed_out_twice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LoopbackPorts.next();
            assertThat(port).isBetween(1, 65535);
            assertThat(ports.add(port)).isTrue();
            assertThat(LoopbackPorts.isFree(port)).isTrue();
        }
    }
}
