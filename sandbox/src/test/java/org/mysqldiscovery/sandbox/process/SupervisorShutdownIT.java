package org.mysqldiscovery.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that dies must not leave its children behind: by its shutdown hook, or (after SIGKILL) by the reaper. */
class SupervisorShutdownIT {

    @TempDir
    Path parent;

    private record Probe(Process jvm, List<Long> pids) {
    }

    private Probe startProbe(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SupervisorProbe.class.getName(), dir.toString())
                .redirectError(dir.resolve("probe.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("probe output (see %s)", dir.resolve("probe.err")).startsWith("ready ");
        List<Long> children = new ArrayList<>();
        for (String p : line.substring("ready ".length()).split(" ")) {
            children.add(Long.parseLong(p));
        }
        // Each child's own child (sleep under sh) too.
        await().atMost(Duration.ofSeconds(5)).until(() -> children.stream()
                .allMatch(pid -> ProcessHandle.of(pid).map(h -> h.descendants().count() == 1).orElse(false)));
        List<Long> pids = new ArrayList<>(children);
        children.forEach(pid -> ProcessHandle.of(pid).orElseThrow().descendants().forEach(h -> pids.add(h.pid())));
        return new Probe(jvm, pids);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void sigterm_to_the_jvm_ends_every_child_and_grandchild() throws Exception {
        Probe probe = startProbe(parent.resolve("sbx-term"));
        assertThat(probe.pids()).hasSize(4).allMatch(SupervisorShutdownIT::alive);

        probe.jvm().destroy(); // SIGTERM, as Ctrl-C or a CI timeout would send

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(probe.pids()).noneMatch(SupervisorShutdownIT::alive));
        assertThat(probe.jvm().waitFor()).isNotZero();
    }

    @Test
    void after_sigkill_of_the_jvm_the_next_sandbox_reaps_the_orphans() throws Exception {
        Path dir = parent.resolve("sbx-kill");
        Probe probe = startProbe(dir);
        try {
            probe.jvm().destroyForcibly();
            probe.jvm().waitFor();
            assertThat(alive(probe.pids().get(0))).as("no hook ran: the child survived").isTrue();

            List<Long> killed = ProcessSupervisor.reapOrphans(parent, "sbx-");

            assertThat(killed).containsExactlyInAnyOrderElementsOf(probe.pids());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(probe.pids()).noneMatch(SupervisorShutdownIT::alive));
        } finally {
            probe.pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
