package org.mysqldiscovery.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.files.RoleFileException;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.role.testing.RoleFlipperMain;

/**
 * Crash safety of the role file: a child process flips the role through the agent's write path as fast as it can;
 * the test kills it with -9 at random moments while a reader thread checks every read. The reader must never see an
 * empty, partial, missing or unknown role file.
 */
class CrashSafetyIT {
    private static final int MAX_KILLS = 25;
    private static final int MIN_KILLS = 5;
    /** Bounded time: stop killing after this (at least MIN_KILLS), whatever the machine's load. */
    private static final Duration BUDGET = Duration.ofSeconds(20);
    private static final Set<String> VALID = Set.of("primary\n", "replica\n", "reporting-replica\n");

    /**
     * On tmpfs when there is one: fsync costs ~10 ms a flip on this disk and is irrelevant to a process kill (the
     * page cache survives it); what this test checks is the rename, and the faster the flips, the more kills land
     * mid-write.
     */
    @TempDir(factory = ShmTempDirFactory.class)
    Path dir;

    static final class ShmTempDirFactory implements org.junit.jupiter.api.io.TempDirFactory {
        @Override
        public Path createTempDirectory(org.junit.jupiter.api.extension.AnnotatedElementContext element,
                org.junit.jupiter.api.extension.ExtensionContext extension) throws Exception {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "role-crash-")
                    : Files.createTempDirectory("role-crash-");
        }
    }

    @Test
    void a_reader_never_sees_a_bad_role_file_while_the_writer_is_killed_at_random_moments() throws Exception {
        RoleDirectory directory = new RoleDirectory(dir);
        directory.writeSchema(SchemaName.of("orders"));
        directory.writeRole(Role.REPLICA);
        Path roleFile = directory.roleFile();
        List<String> bad = new CopyOnWriteArrayList<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong transitions = new AtomicLong();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            String last = null;
            while (reading.get()) {
                try {
                    String raw = new String(Files.readAllBytes(roleFile), StandardCharsets.UTF_8);
                    if (!VALID.contains(raw)) {
                        bad.add("raw read " + org.mysqldiscovery.common.model.Quoting.quote(raw));
                    }
                    directory.readRole(); // the strict reader the health agent uses
                    if (!raw.equals(last)) {
                        transitions.incrementAndGet();
                        last = raw;
                    }
                    reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    bad.add("role file missing");
                } catch (RoleFileException e) {
                    bad.add(e.getMessage());
                } catch (Exception e) {
                    bad.add(e.toString());
                }
            }
        }, "role-reader");
        reader.start();
        Random random = new Random();
        long started = System.nanoTime();
        int kills = 0;
        try {
            for (int i = 0; i < MAX_KILLS; i++) {
                if (i >= MIN_KILLS && System.nanoTime() - started > BUDGET.toNanos()) {
                    break;
                }
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"), RoleFlipperMain.class.getName(), dir.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                // Kill after a random number of flips the reader has seen: a random moment of the write cycle.
                long target = transitions.get() + 5 + random.nextInt(300);
                await().atMost(Duration.ofSeconds(30)).until(() -> transitions.get() >= target || !child.isAlive());
                assertThat(child.isAlive()).as("the flipper died by itself").isTrue();
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(VALID).contains(Files.readString(roleFile));
                kills++;
            }
        } finally {
            reading.set(false);
            reader.join(5_000);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("crash safety: %d kills, %d reads, %d transitions seen, %d stray temp files, %d s%n",
                kills, reads.get(), transitions.get(), strayTempFiles(), seconds);
        assertThat(bad).isEmpty();
        assertThat(reads.get()).isGreaterThan(1000);
        assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
        assertThat(transitions.get()).isGreaterThan(kills * 5L);
    }

    private long strayTempFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
