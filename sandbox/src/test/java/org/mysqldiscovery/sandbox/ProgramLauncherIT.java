package org.mysqldiscovery.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.sandbox.process.ChildProcess;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

class ProgramLauncherIT {

    @TempDir
    Path dir;

    /** An executable jar whose Main-Class is {@link ProgramProbe}, found through this JVM's class path. */
    private Path probeJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ProgramProbe.class.getName());
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.append(Path.of(entry).toUri()).append(' ');
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().trim());
        Path jar = dir.resolve("probe.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).finish(); // a jar with only its manifest
        }
        return jar;
    }

    @Test
    void a_program_runs_from_its_jar_with_its_generated_config_and_can_be_stopped_killed_and_restarted() throws Exception {
        Path jar = probeJar();
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir)) {
            ProgramLauncher launcher = new ProgramLauncher(supervisor, dir.resolve("programs"));
            SandboxProgram program = launcher.launch(ProgramSpec.of("health-agent", "health-agent-orders-1", jar, "zookeeper: 127.0.0.1:1\n")
                    .withHeapMb(48).withInstance("127.0.0.1:3306").withHttpUrl("http://127.0.0.1:9797")
                    .withTokenFile(dir.resolve("token")));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(program.process().logTail(5))
                    .contains("args: --config " + program.configFile(), "config: zookeeper: 127.0.0.1:1"));
            assertThat(program.logFile()).isEqualTo(dir.resolve("programs/health-agent-orders-1/health-agent.log"));
            assertThat(program.endpoint()).isEqualTo(new Endpoints.Agent("health-agent", "127.0.0.1:3306", "http://127.0.0.1:9797",
                    dir.resolve("token").toString()));

            long first = program.pid();
            program.kill9();
            assertThat(program.isAlive()).isFalse();
            program.restart();
            assertThat(program.pid()).isNotEqualTo(first);
            assertThat(program.isAlive()).isTrue();
            program.stop();
            assertThat(program.process().state()).isEqualTo(ChildProcess.State.STOPPED);

            assertThatThrownBy(() -> launcher.launch(ProgramSpec.of("health-agent", "health-agent-orders-1", jar, "")))
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> launcher.launch(ProgramSpec.of("role-agent", "role-agent-1", dir.resolve("missing.jar"), "")))
                    .hasMessageContaining("does not exist (build it first)");
            assertThat(launcher.programs()).hasSize(1);
            assertThat(supervisor.pidsEverStarted()).hasSize(2).allMatch(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(List.of(program.spec().heapMb())).containsExactly(48);
        }
    }

    @Test
    void awaiting_a_program_that_never_listens_names_its_log_and_a_dead_one_says_it_exited() throws Exception {
        Path jar = probeJar();
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir);
                java.net.ServerSocket listening = new java.net.ServerSocket(0, 5,
                        java.net.InetAddress.getLoopbackAddress())) {
            ProgramLauncher launcher = new ProgramLauncher(supervisor, dir.resolve("programs"));
            SandboxProgram silent = launcher.launch(ProgramSpec.of("role-agent", "role-agent-1", jar, "")
                    .withHttpUrl("http://127.0.0.1:" + freePort()));
            assertThatThrownBy(() -> silent.awaitListening(Duration.ofMillis(300)))
                    .hasMessageContaining("role-agent-1 not listening on http://127.0.0.1:")
                    .hasMessageContaining(silent.logFile().toString());
            silent.kill9();
            assertThatThrownBy(() -> silent.awaitListening(Duration.ofSeconds(5)))
                    .hasMessageContaining("exited before listening");

            SandboxProgram answering = launcher.launch(ProgramSpec.of("role-agent", "role-agent-2", jar, "")
                    .withHttpUrl("http://127.0.0.1:" + listening.getLocalPort()));
            answering.awaitListening(Duration.ofSeconds(5));
            SandboxProgram withoutHttp = launcher.launch(ProgramSpec.of("health-agent", "health-agent-3", jar, ""));
            withoutHttp.awaitListening(Duration.ZERO);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
