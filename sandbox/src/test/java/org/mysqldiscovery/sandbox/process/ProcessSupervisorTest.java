package org.mysqldiscovery.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessSupervisorTest {

    @TempDir
    Path dir;

    private ProcessSupervisor supervisor;

    @AfterEach
    void closeSupervisor() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private ProcessSpec sleeper(String name) {
        return ProcessSpec.of(name, List.of("sleep", "60"), dir, dir.resolve(name + ".log")).withStopTimeout(Duration.ofSeconds(5));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void a_child_is_started_stopped_restarted_and_every_pid_is_recorded() throws Exception {
        supervisor = new ProcessSupervisor(dir);
        ChildProcess child = supervisor.launch(sleeper("sleeper"));
        long first = child.pid();
        assertThat(child.state()).isEqualTo(ChildProcess.State.RUNNING);
        assertThat(Files.readAllLines(supervisor.pidFile())).contains(first + " sleeper");

        child.restart();
        long second = child.pid();
        assertThat(second).isNotEqualTo(first);
        assertThat(alive(first)).isFalse();
        assertThat(child.isAlive()).isTrue();

        child.stop();
        child.stop(); // idempotent
        assertThat(child.state()).isEqualTo(ChildProcess.State.STOPPED);
        assertThat(supervisor.pidsEverStarted()).containsExactly(first, second);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readAllLines(supervisor.pidFile())).containsExactly("owner " + ProcessHandle.current().pid()));
    }

    @Test
    void kill9_ends_the_child_and_its_descendants_at_once() {
        supervisor = new ProcessSupervisor(dir);
        // sh ignores SIGTERM here, so only SIGKILL ends it; its child sleeps on.
        ChildProcess child = supervisor.launch(ProcessSpec.of("family",
                List.of("sh", "-c", "trap '' TERM; sleep 60 & sleep 60 & wait"), dir, dir.resolve("family.log")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child.pid()).orElseThrow().descendants().count() == 2);
        List<Long> descendants = ProcessHandle.of(child.pid()).orElseThrow().descendants().map(ProcessHandle::pid).toList();

        child.kill9();

        assertThat(child.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(descendants).noneMatch(ProcessSupervisorTest::alive));
    }

    @Test
    void stop_falls_back_to_sigkill_when_sigterm_is_ignored() {
        supervisor = new ProcessSupervisor(dir);
        ChildProcess child = supervisor.launch(ProcessSpec.of("stubborn",
                List.of("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"), dir, dir.resolve("stubborn.log"))
                .withStopTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        child.stop();
        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_child_that_dies_by_itself_is_exited_with_its_code_and_log() {
        supervisor = new ProcessSupervisor(dir);
        ChildProcess child = supervisor.launch(ProcessSpec.of("crasher", List.of("sh", "-c", "echo boom; exit 7"), dir, dir.resolve("crasher.log")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !child.isAlive());
        assertThat(child.state()).isEqualTo(ChildProcess.State.EXITED);
        assertThat(child.exitCode()).hasValue(7);
        assertThat(child.logTail(5)).endsWith("boom");
    }

    @Test
    void close_stops_every_child_and_is_idempotent() {
        supervisor = new ProcessSupervisor(dir);
        ChildProcess a = supervisor.launch(sleeper("a"));
        ChildProcess b = supervisor.launch(sleeper("b"));
        supervisor.close();
        supervisor.close();
        assertThat(alive(a.pid())).isFalse();
        assertThat(alive(b.pid())).isFalse();
        assertThatThrownBy(() -> supervisor.launch(sleeper("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_program_that_does_not_exist_fails_with_its_name() {
        supervisor = new ProcessSupervisor(dir);
        assertThatThrownBy(() -> supervisor.launch(ProcessSpec.of("ghost", List.of(dir.resolve("no-such-program").toString()), dir,
                dir.resolve("ghost.log")))).hasMessageContaining("cannot start process ghost");
    }

    @Test
    void orphans_of_a_sandbox_whose_jvm_died_are_killed_but_recycled_pids_are_not() throws Exception {
        Path parent = dir.resolve("tmp");
        Path dead = Files.createDirectories(parent.resolve("sbx-dead"));
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        // An orphan whose command line names its sandbox directory, and an unrelated process.
        Process orphan = new ProcessBuilder("sh", "-c", "read x", dead.toString()).start();
        Process stranger = new ProcessBuilder("sh", "-c", "read x", "/somewhere/else").start();
        try {
            Files.writeString(dead.resolve(ProcessSupervisor.PID_FILE),
                    "owner " + deadOwner.pid() + "\n" + orphan.pid() + " mysqld-x\n" + stranger.pid() + " zookeeper-1\n");
            Path live = Files.createDirectories(parent.resolve("sbx-live"));
            Files.writeString(live.resolve(ProcessSupervisor.PID_FILE), "owner " + ProcessHandle.current().pid() + "\n" + stranger.pid() + " x\n");

            List<Long> killed = ProcessSupervisor.reapOrphans(parent, "sbx-");

            assertThat(killed).containsExactly(orphan.pid());
            await().atMost(Duration.ofSeconds(5)).until(() -> !orphan.isAlive());
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            orphan.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage\n\u0000\u00ff", "owner\n123 x", "owner abc\n123 x", "owner 1\n-5 x\n1 init\n", "owner 99999999999999999999\n"})
    void torn_or_hostile_pid_files_never_lead_to_a_kill(String content) throws Exception {
        Path sbx = Files.createDirectories(dir.resolve("sbx-bad"));
        Files.writeString(sbx.resolve(ProcessSupervisor.PID_FILE), content);
        assertThat(ProcessSupervisor.reapOrphans(dir, "sbx-")).isEmpty();
    }

    @Test
    void the_pid_list_parser_skips_malformed_lines() {
        ProcessSupervisor.PidList list = ProcessSupervisor.PidList.parse(List.of("owner 42", "100 a", "x y", "", "  200   b  ", "1 init", "0 zero"));
        assertThat(list.owner()).isEqualTo(42);
        assertThat(list.pids()).containsExactly(100L, 200L);
        assertThat(ProcessSupervisor.PidList.parse(List.of()).owner()).isEqualTo(-1);
    }

    @Test
    void the_supervisor_needs_an_existing_directory() {
        assertThatThrownBy(() -> new ProcessSupervisor(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }
}
