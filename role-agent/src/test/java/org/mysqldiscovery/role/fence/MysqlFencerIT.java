package org.mysqldiscovery.role.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.role.testing.MariaDbFixture;
import org.mysqldiscovery.role.testing.Ports;

/** Demotion fencing against a real MariaDB 10.11: the privilege it needs, and its bound when mysqld is away. */
class MysqlFencerIT {
    private static final String HOST = "127.0.0.4";

    @TempDir
    static Path dir;
    private static MariaDbFixture mysql;
    private static ExecutorService executor;
    private static SecretFile password;

    @BeforeAll
    static void start() throws Exception {
        mysql = MariaDbFixture.start(dir.resolve("mysql"), HOST, Ports.freeOnAll(HOST));
        mysql.createUser("fencer", "pw-fencer", true);
        mysql.createUser("weak", "pw-weak", false);
        Path file = dir.resolve("pw");
        Files.writeString(file, "pw-fencer\n");
        password = SecretFile.read(file);
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        mysql.close();
    }

    @BeforeEach
    void writable() {
        mysql.execute("SET GLOBAL read_only = OFF");
    }

    private static MysqlFencer fencer(String user, SecretFile secret, String host, int port, long boundMillis) {
        return new MysqlFencer(host, port, user, secret, Duration.ofMillis(boundMillis), executor);
    }

    @Test
    void a_user_with_read_only_admin_turns_read_only_on() {
        FenceOutcome outcome = fencer("fencer", password, HOST, mysql.port(), 1000).fence();
        assertThat(outcome.status()).as(outcome.detail()).isEqualTo(FenceOutcome.Status.DONE);
        assertThat(mysql.readOnly()).isTrue();
        // Fencing twice is harmless.
        assertThat(fencer("fencer", password, HOST, mysql.port(), 1000).fence().status())
                .isEqualTo(FenceOutcome.Status.DONE);
    }

    @Test
    void a_user_without_read_only_admin_fails_and_the_answer_names_the_privilege() throws Exception {
        Path file = dir.resolve("weak");
        Files.writeString(file, "pw-weak\n");
        FenceOutcome outcome = fencer("weak", SecretFile.read(file), HOST, mysql.port(), 1000).fence();
        assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("READ_ONLY ADMIN");
        assertThat(mysql.readOnly()).isFalse();
    }

    @Test
    void a_wrong_password_fails_without_printing_it() throws Exception {
        Path file = dir.resolve("wrong");
        Files.writeString(file, "not-the-password\n");
        FenceOutcome outcome = fencer("fencer", SecretFile.read(file), HOST, mysql.port(), 1000).fence();
        assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
        assertThat(outcome.detail()).doesNotContain("not-the-password").contains("Access denied");
    }

    @Test
    void a_mysqld_that_is_down_fails_at_once() {
        int nothing = Ports.freeOnAll(HOST);
        long started = System.nanoTime();
        FenceOutcome outcome = fencer("fencer", password, HOST, nothing, 1000).fence();
        assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10 * 1000); // 10x its budget (busy CI)
    }

    @Test
    void a_mysqld_that_never_answers_fails_within_the_bound() throws Exception {
        try (ServerSocket blackhole = new ServerSocket()) {
            blackhole.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0), 10);
            long started = System.nanoTime();
            FenceOutcome outcome = fencer("fencer", password, HOST, blackhole.getLocalPort(), 500).fence();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
            assertThat(millis).isBetween(400L, 10 * 500L); // 10x its budget (busy CI)
        }
    }
}
