package org.mysqldiscovery.role.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.sandbox.mysql.ScriptedMysqlServer;

/**
 * The role agent's fence against a scripted MySQL 8 (MySQL 8 is not installable here; the real MariaDB path is
 * {@link MysqlFencerIT}): where the server has {@code super_read_only}, a demotion sets it, before {@code read_only}.
 */
class MysqlFencerScriptedServerTest {
    @TempDir
    static Path dir;
    private static ExecutorService executor;
    private static SecretFile password;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "pw-fencer\n");
        password = SecretFile.read(file);
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    private static MysqlFencer fencer(ScriptedMysqlServer server) {
        // Generous: this test is about what is set, not how fast (a cold JVM under load loads the driver slowly).
        return new MysqlFencer("127.0.0.1", server.port(), "fencer", password, Duration.ofMillis(5000), executor);
    }

    @Test
    void a_demotion_on_mysql_8_sets_super_read_only_before_read_only() throws Exception {
        try (ScriptedMysqlServer mysql8 = ScriptedMysqlServer.mysql8()) {
            FenceOutcome outcome = fencer(mysql8).fence();

            assertThat(outcome.status()).as(outcome.detail()).isEqualTo(FenceOutcome.Status.DONE);
            assertThat(outcome.detail()).startsWith("super_read_only=ON, read_only=ON on 127.0.0.1:");
            assertThat(mysql8.global("super_read_only")).contains(true);
            assertThat(mysql8.global("read_only")).contains(true);
            assertThat(mysql8.statements()).containsSubsequence(
                    "SHOW GLOBAL VARIABLES LIKE 'super_read_only'",
                    "SET GLOBAL super_read_only = ON",
                    "SET GLOBAL read_only = ON",
                    "SELECT @@global.read_only, @@global.super_read_only");
        }
    }

    @Test
    void a_server_without_super_read_only_gets_read_only_alone() throws Exception {
        try (ScriptedMysqlServer server = ScriptedMysqlServer.withoutSuperReadOnly()) {
            FenceOutcome outcome = fencer(server).fence();

            assertThat(outcome.status()).as(outcome.detail()).isEqualTo(FenceOutcome.Status.DONE);
            assertThat(outcome.detail()).startsWith("read_only=ON on ");
            assertThat(server.global("read_only")).contains(true);
            assertThat(server.statements()).noneMatch(s -> s.contains("SET GLOBAL super_read_only"));
        }
    }

    @Test
    void a_user_who_may_not_set_super_read_only_fails_the_fence_and_read_only_is_not_claimed() throws Exception {
        try (ScriptedMysqlServer mysql8 = ScriptedMysqlServer.mysql8()) {
            mysql8.refuse("SET GLOBAL super_read_only", "SUPER, SYSTEM_VARIABLES_ADMIN");

            FenceOutcome outcome = fencer(mysql8).fence();

            assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
            assertThat(outcome.detail()).contains("could not set read_only=ON").contains("privilege");
            assertThat(mysql8.statements()).doesNotContain("SET GLOBAL read_only = ON");
        }
    }

    @Test
    void a_host_that_is_no_address_fails_the_fence_with_the_reason_instead_of_throwing() {
        MysqlFencer fencer = new MysqlFencer("bad host!", 3306, "fencer", password, Duration.ofMillis(500),
                executor);

        FenceOutcome outcome = fencer.fence();

        assertThat(outcome.status()).isEqualTo(FenceOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("bad host!");
    }
}
