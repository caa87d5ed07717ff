package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in as its own process, the way the sandbox runs it. */
class StandInMainIT {
    @TempDir
    Path dir;
    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void launch(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandInMain.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("<output closed: " + e.getMessage() + ">");
            }
        }, "stand-in-output");
        reader.setDaemon(true);
        reader.start();
    }

    private Optional<String> readyLine() {
        return output.stream().filter(line -> line.startsWith(StandInMain.READY_LINE_PREFIX)).findFirst();
    }

    @Test
    void it_announces_its_address_serves_and_stops_on_sigterm() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password"), "main-pw\n");
        launch("--port", "0", "--user", "admin", "--password-file", passwordFile.toString(),
                "--data-dir", dir.resolve("data").toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> readyLine().isPresent() || !process.isAlive());
        String ready = readyLine().orElseThrow(() -> new AssertionError("no ready line in " + output));
        assertThat(ready).matches("proxysql-admin-stand-in listening on 127\\.0\\.0\\.1:\\d+");
        int port = Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
        assertThat(output).anySatisfy(line -> assertThat(line).contains("STAND-IN").contains("never production"));

        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", "admin",
                "main-pw"); Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM mysql_servers")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getInt(1)).isZero();
        }

        // SIGTERM through the handle: Process.destroy() would also close our end of its output.
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output).anySatisfy(line -> assertThat(line).contains("stopped")));
        assertThat(Files.exists(dir.resolve("data").resolve(AdminStore.DISK_FILE_NAME))).isTrue();
    }

    @Test
    void a_missing_password_file_is_named_and_it_exits_non_zero() throws Exception {
        Path missing = dir.resolve("no-such-password-file");
        launch("--password-file", missing.toString(), "--data-dir", dir.resolve("data").toString());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(output).anySatisfy(line -> assertThat(line).contains(missing.toString())));
    }
}
