package org.mysqldiscovery.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.sandbox.process.ProcessSupervisor;

class SandboxHousekeepingIT {

    @TempDir
    Path parent;

    private Path fakeSandbox(String suffix, long owner, boolean keep) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(Sandbox.DIR_PREFIX + suffix));
        Files.writeString(dir.resolve(ProcessSupervisor.PID_FILE), "owner " + owner + "\n");
        Files.writeString(dir.resolve("error.log"), "old logs\n");
        if (keep) {
            Files.writeString(dir.resolve("keep"), "");
        }
        return dir;
    }

    @Test
    void starting_deletes_dead_sandboxes_but_not_kept_or_live_ones_and_keep_dir_survives_close() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = fakeSandbox("dead", gone.pid(), false);
        Path deadKept = fakeSandbox("kept", gone.pid(), true);
        Path live = fakeSandbox("live", ProcessHandle.current().pid(), false);
        Path unrelated = Files.createDirectories(parent.resolve("something-else"));

        Path dir;
        try (Sandbox sandbox = Sandbox.builder().parentDir(parent).keepDir(true).build().start()) {
            dir = sandbox.directory();
            assertThat(sandbox.clusters()).isEmpty();
            assertThat(sandbox.mariaDbBinaries()).isEmpty();
            assertThat(sandbox.zookeeper().size()).isEqualTo(1);
        }

        assertThat(dead).doesNotExist();
        assertThat(deadKept).exists();
        assertThat(live).exists();
        assertThat(unrelated).exists();
        assertThat(dir).exists();
        assertThat(dir.resolve("zookeeper/zk1/zookeeper.log")).isNotEmptyFile();
        assertThat(Files.readAllLines(dir.resolve(ProcessSupervisor.PID_FILE))).hasSize(1);
    }
}
