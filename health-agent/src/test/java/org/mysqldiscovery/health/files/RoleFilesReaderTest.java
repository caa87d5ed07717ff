package org.mysqldiscovery.health.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.DrainFileState;
import org.mysqldiscovery.health.check.Target;

class RoleFilesReaderTest {
    @TempDir
    Path dir;

    private RoleFilesSnapshot read() {
        return new RoleFilesReader(new RoleDirectory(dir)).read();
    }

    @Test
    void valid_files_give_a_target() throws IOException {
        Files.writeString(dir.resolve("schema"), "orders\n");
        Files.writeString(dir.resolve("role"), "replica\n");
        RoleFilesSnapshot snapshot = read();
        assertThat(snapshot.target()).isEqualTo(new Target.Mysql(SchemaName.of("orders"), Role.REPLICA));
        assertThat(snapshot.gate().status()).isEqualTo(CheckStatus.PASS);
        assertThat(snapshot.drain()).isInstanceOf(DrainFileState.Absent.class);
    }

    @ParameterizedTest(name = "role file {0}")
    @ValueSource(strings = {"", "\n", "Primary\n", "primary\nreplica\n", "primary\r\n", " primary", "prim\u0000ary",
            "master\n"})
    void garbage_role_files_give_no_target_and_say_why(String content) throws IOException {
        Files.writeString(dir.resolve("schema"), "orders\n");
        Files.writeString(dir.resolve("role"), content);
        RoleFilesSnapshot snapshot = read();
        assertThat(snapshot.target()).isNull();
        assertThat(snapshot.gate().status()).isEqualTo(CheckStatus.FAIL);
        assertThat(snapshot.gate().message()).contains(dir.resolve("role").toString());
    }

    @Test
    void binary_and_oversized_files_are_refused_without_reading_them_whole() throws IOException {
        Files.write(dir.resolve("schema"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.writeString(dir.resolve("role"), "replica\n".repeat(100_000), StandardCharsets.UTF_8);
        RoleFilesSnapshot snapshot = read();
        assertThat(snapshot.target()).isNull();
        assertThat(snapshot.gate().message()).contains("not UTF-8").contains("too large");
    }

    @Test
    void a_missing_directory_is_named() throws IOException {
        Files.delete(dir);
        RoleFilesSnapshot snapshot = read();
        assertThat(snapshot.target()).isNull();
        assertThat(snapshot.gate().message()).isEqualTo("role directory " + dir + " does not exist");
    }

    @Test
    void a_drain_lease_is_read_and_garbage_in_it_is_not_mistaken_for_no_lease() throws IOException {
        Files.writeString(dir.resolve("schema"), "orders\n");
        Files.writeString(dir.resolve("role"), "primary\n");
        Files.writeString(dir.resolve("drain-until"), "1735732800000\n");
        assertThat(read().drain()).isEqualTo(new DrainFileState.Until(Instant.ofEpochMilli(1735732800000L)));
        Files.writeString(dir.resolve("drain-until"), "soon\n");
        assertThat(read().drain()).isInstanceOf(DrainFileState.Unreadable.class);
        assertThat(((DrainFileState.Unreadable) read().drain()).message()).contains("drain-until");
    }
}
