package org.mysqldiscovery.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFileIoTest {
    /** The product budget is "a refusal in under 1 s"; tests assert ten times that (a loaded machine). */
    private static final long GENEROUS_MILLIS = 10_000;
    private static final Duration BOUND = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void dev_zero_is_refused_at_once_without_reading_it() {
        long rssBefore = rssKib();
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> BoundedFileIo.readSmallFile(Path.of("/dev/zero"), 256, BOUND))
                    .isInstanceOf(FileIoException.class)
                    .hasMessageContaining("/dev/zero")
                    .hasMessageContaining("not a regular file");
        }
        assertThat(millisSince(start)).isLessThan(GENEROUS_MILLIS);
        assertThat(rssKib() - rssBefore).as("RSS growth in KiB").isLessThan(64 * 1024);
    }

    @Test
    void a_fifo_is_refused_at_once_without_opening_it() throws Exception {
        Path fifo = mkfifo(dir.resolve("role"));
        // The count is global: a reader an earlier test abandoned on purpose may still be winding down.
        int runningBefore = BoundedFileIo.running();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> BoundedFileIo.readSmallFile(fifo, 256, BOUND))
                    .isInstanceOf(FileIoException.class)
                    .hasMessageStartingWith(fifo.toString())
                    .hasMessageContaining("FIFO");
        }
        assertThat(millisSince(start)).isLessThan(GENEROUS_MILLIS);
        assertThat(BoundedFileIo.running()).as("no thread is left blocked").isLessThanOrEqualTo(runningBefore);
    }

    @Test
    void a_directory_is_refused_naming_it() {
        assertThatThrownBy(() -> BoundedFileIo.readSmallFile(dir, 256, BOUND))
                .isInstanceOf(FileIoException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a directory");
    }

    @Test
    void an_oversized_file_is_refused_without_reading_it() throws IOException {
        Path big = Files.write(dir.resolve("big"), new byte[8 * 1024 * 1024]);
        assertThatThrownBy(() -> BoundedFileIo.readSmallFile(big, 256, BOUND))
                .isInstanceOf(FileIoException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void a_symbolic_link_to_a_regular_file_is_read() throws IOException, FileIoException {
        Path target = Files.writeString(dir.resolve("target"), "replica\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThat(new String(BoundedFileIo.readSmallFile(link, 256, BOUND))).isEqualTo("replica\n");
    }

    @Test
    void a_missing_file_says_so() {
        assertThatThrownBy(() -> BoundedFileIo.readSmallFile(dir.resolve("nope"), 256, BOUND))
                .isInstanceOf(FileIoException.class)
                .satisfies(e -> assertThat(((FileIoException) e).kind()).isEqualTo(FileIoException.Kind.MISSING));
    }

    @Test
    void a_call_that_blocks_is_answered_at_its_bound_and_the_next_ones_do_not_pile_up() throws Exception {
        // An open() of a FIFO without a writer blocks: the race the attribute check cannot close.
        Path fifo = mkfifo(dir.resolve("hung"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> BoundedFileIo.call(fifo, BOUND, () -> Files.readAllBytes(fifo)))
                .isInstanceOf(FileIoException.class)
                .hasMessageContaining("no answer within 300 ms")
                .satisfies(e -> assertThat(((FileIoException) e).stuck()).isTrue());
        assertThatThrownBy(() -> BoundedFileIo.call(fifo, BOUND, () -> Files.readAllBytes(fifo)))
                .hasMessageContaining("no answer within");
        // Two calls are blocked on this file now: the third is refused at once, without a thread.
        long third = System.nanoTime();
        assertThatThrownBy(() -> BoundedFileIo.call(fifo, BOUND, () -> Files.readAllBytes(fifo)))
                .hasMessageContaining("earlier access is still blocked");
        assertThat(millisSince(third)).isLessThan(BOUND.toMillis() * 10);
        assertThat(millisSince(start)).isLessThan(GENEROUS_MILLIS);
        // A writer releases the blocked opens; the threads return. Opened read-write, a FIFO never blocks (Linux).
        try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThat(writer.isOpen()).isTrue();
        }
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> !isBlocked(fifo));
    }

    private static boolean isBlocked(Path fifo) {
        try {
            BoundedFileIo.call(fifo, BOUND, () -> true);
            return false;
        } catch (FileIoException e) {
            return e.kind() == FileIoException.Kind.BLOCKED;
        }
    }

    static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
