package org.mysqldiscovery.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
    /** Budget: a refusal in under 1 s; asserted ten times more generously. */
    private static final long GENEROUS_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void dev_zero_as_a_secret_is_refused_at_once_and_memory_stays_flat() {
        long rssBefore = rssKib();
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> SecretFile.read("/dev/zero"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("secret file /dev/zero")
                    .hasMessageContaining("not a regular file");
        }
        assertThat(millisSince(start)).isLessThan(GENEROUS_MILLIS);
        assertThat(rssKib() - rssBefore).as("RSS growth in KiB").isLessThan(64 * 1024);
    }

    @Test
    void a_fifo_as_a_secret_is_refused_at_once() throws Exception {
        Path fifo = mkfifo(dir.resolve("token"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> SecretFile.read(fifo))
                .hasMessageContaining("secret file " + fifo)
                .hasMessageContaining("FIFO");
        assertThat(millisSince(start)).isLessThan(GENEROUS_MILLIS);
    }

    @Test
    void a_directory_as_a_secret_is_refused() {
        assertThatThrownBy(() -> SecretFile.read(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void an_oversized_secret_is_refused_without_reading_it() throws IOException {
        Path big = Files.write(dir.resolve("big"), new byte[64 * 1024 * 1024]);
        long rssBefore = rssKib();
        assertThatThrownBy(() -> SecretFile.read(big)).hasMessageContaining("too large");
        assertThat(rssKib() - rssBefore).as("RSS growth in KiB").isLessThan(32 * 1024);
    }

    @Test
    void a_world_readable_secret_is_used_with_a_warning_naming_who_can_read_it() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "s3cret-token-value\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFile.exposure(file)).contains("GROUP AND OTHERS");
        assertThat(SecretFile.read(file).value()).isEqualTo("s3cret-token-value");
        assertThat(SecretFile.exposedSecrets()).containsEntry(file.toAbsolutePath().normalize(), "GROUP AND OTHERS");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThat(SecretFile.exposure(file)).contains("OTHERS");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        assertThat(SecretFile.exposure(file)).contains("GROUP");
    }

    @Test
    void an_owner_only_secret_is_read_without_a_word() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(SecretFile.exposure(file)).isEmpty();
        assertThat(SecretFile.read(file).value()).isEqualTo("s3cret");
    }

    @Test
    void a_symbolic_link_to_a_secret_is_followed() throws IOException {
        Path file = Files.writeString(dir.resolve("real"), "s3cret\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertThat(SecretFile.read(link).value()).isEqualTo("s3cret");
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return path;
    }

    private static long rssKib() {
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
