package org.mysqldiscovery.health.files;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;

class RoleDirectoryWatcherTest {
    @TempDir
    Path parent;
    private final AtomicInteger changes = new AtomicInteger();
    private RoleDirectoryWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void startWatching(Path dir) throws IOException {
        watcher = new RoleDirectoryWatcher(dir, changes::incrementAndGet, 5_000);
        watcher.start();
    }

    private void awaitChangeAfter(int before) {
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2)).until(() -> changes.get() > before);
    }

    @Test
    void an_atomic_rename_of_the_role_file_is_noticed_at_once() throws IOException, RoleFileException {
        Path dir = Files.createDirectory(parent.resolve("roles"));
        startWatching(dir);
        await().atMost(Duration.ofSeconds(2)).until(watcher::watchingDirectory);
        int before = changes.get();
        new RoleDirectory(dir).writeRole(Role.PRIMARY);
        awaitChangeAfter(before);
    }

    @Test
    void a_deleted_and_recreated_directory_is_watched_again() throws IOException, RoleFileException {
        Path dir = Files.createDirectory(parent.resolve("roles"));
        RoleDirectory roles = new RoleDirectory(dir);
        roles.writeRole(Role.REPLICA);
        startWatching(dir);
        await().atMost(Duration.ofSeconds(2)).until(watcher::watchingDirectory);

        int before = changes.get();
        Files.delete(roles.roleFile());
        Files.delete(dir);
        awaitChangeAfter(before);
        await().atMost(Duration.ofSeconds(2)).until(() -> !watcher.watchingDirectory());

        Files.createDirectory(dir);
        await().atMost(Duration.ofSeconds(2)).until(watcher::watchingDirectory);
        int afterRecreate = changes.get();
        roles.writeRole(Role.PRIMARY);
        awaitChangeAfter(afterRecreate);
    }

    @Test
    void a_directory_that_does_not_exist_yet_is_watched_once_it_appears() throws IOException, RoleFileException {
        Path dir = parent.resolve("later");
        startWatching(dir);
        int before = changes.get();
        Files.createDirectory(dir);
        awaitChangeAfter(before);
        await().atMost(Duration.ofSeconds(2)).until(watcher::watchingDirectory);
        int afterCreate = changes.get();
        new RoleDirectory(dir).writeRole(Role.PRIMARY);
        awaitChangeAfter(afterCreate);
    }

    @Test
    void temp_files_and_unrelated_files_do_not_wake_the_agent() throws IOException {
        Path dir = Files.createDirectory(parent.resolve("roles"));
        startWatching(dir);
        await().atMost(Duration.ofSeconds(2)).until(watcher::watchingDirectory);
        int before = changes.get();
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve("schema"), "orders\n");
        // The schema write is noticed; the unrelated file before it added nothing of its own.
        awaitChangeAfter(before);
        org.assertj.core.api.Assertions.assertThat(changes.get() - before).isLessThanOrEqualTo(2);
    }
}
