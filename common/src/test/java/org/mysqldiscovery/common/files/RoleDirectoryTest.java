package org.mysqldiscovery.common.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;

class RoleDirectoryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"'primary\n',PRIMARY", "primary,PRIMARY", "'replica\n',REPLICA", "'reporting-replica\n',REPORTING_REPLICA"})
    void a_role_token_with_or_without_trailing_newline_is_read(String content, Role expected) throws Exception {
        write("role", content);
        assertThat(new RoleDirectory(dir).readRole()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "'\n'|is empty",
            "PRIMARY|expected one of primary",
            "'primary\nreplica\n'|more than one line",
            "'primary\n\n'|more than one line",
            "'primary\r\n'|carriage return",
            "' primary'|expected one of primary",
            "'primary\t'|control character",
            "'\u0440rimary'|expected one of primary",
            "../../etc|expected one of primary"})
    void a_garbage_role_file_is_rejected_naming_the_file(String content, String reason) throws Exception {
        write("role", content);
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole())
                .isInstanceOf(RoleFileException.class)
                .hasMessageStartingWith(dir.resolve("role").toString())
                .hasMessageContaining(reason);
    }

    @Test
    void a_binary_role_file_is_rejected() throws Exception {
        Files.write(dir.resolve("role"), new byte[] {(byte) 0xc3, (byte) 0x28, 0x00, (byte) 0xff});
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole()).hasMessageContaining("binary");
    }

    @Test
    void an_oversized_role_file_is_rejected_without_reading_it_all() throws Exception {
        Files.write(dir.resolve("role"), new byte[10 * 1024 * 1024]);
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole()).hasMessageContaining("too large");
    }

    @Test
    void a_missing_role_file_is_reported() {
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole()).hasMessageContaining("does not exist");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'a/b\n'|invalid",
            "'..\n'|invalid",
            "'Orders\n'|invalid",
            "'a2345678901234567890123456789012345678901234567890123456789012345\n'|at most 64"})
    void a_bad_schema_file_is_rejected_naming_the_file(String content, String reason) throws Exception {
        write("schema", content);
        assertThatThrownBy(() -> new RoleDirectory(dir).readSchema())
                .hasMessageStartingWith(dir.resolve("schema").toString())
                .hasMessageContaining(reason);
    }

    @Test
    void role_and_schema_writes_are_atomic_and_leave_no_temp_files() throws Exception {
        RoleDirectory roles = new RoleDirectory(dir);
        roles.writeSchema(SchemaName.of("orders"));
        for (Role role : Role.values()) {
            roles.writeRole(role);
            assertThat(roles.readRole()).isEqualTo(role);
        }
        assertThat(Files.readString(dir.resolve("role"))).isEqualTo("reporting-replica\n");
        assertThat(roles.readSchema()).isEqualTo(SchemaName.of("orders"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("role", "schema");
        }
    }

    @Test
    void drain_lease_is_written_read_and_cleared() throws Exception {
        RoleDirectory roles = new RoleDirectory(dir);
        assertThat(roles.readDrainUntil()).isEmpty();
        Instant until = Instant.ofEpochMilli(1_800_000_000_123L);
        roles.writeDrainUntil(until);
        assertThat(roles.readDrainUntil()).contains(until);
        roles.clearDrain();
        assertThat(roles.readDrainUntil()).isEmpty();
        roles.clearDrain();
    }

    @ParameterizedTest
    @CsvSource({"soon", "-5", "12.5", "99999999999999999999999"})
    void a_garbage_drain_file_is_an_error_not_an_absent_lease(String content) throws Exception {
        write("drain-until", content + "\n");
        assertThatThrownBy(() -> new RoleDirectory(dir).readDrainUntil())
                .hasMessageContaining("drain-until").hasMessageContaining("epoch milliseconds");
    }

    private void write(String name, String content) throws Exception {
        Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_fifo_as_role_or_schema_file_is_refused_at_once_naming_it() throws Exception {
        BoundedFileIoTest.mkfifo(dir.resolve("role"));
        BoundedFileIoTest.mkfifo(dir.resolve("schema"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole())
                .isInstanceOf(RoleFileException.class)
                .hasMessageStartingWith(dir.resolve("role").toString())
                .hasMessageContaining("FIFO");
        assertThatThrownBy(() -> new RoleDirectory(dir).readSchema())
                .hasMessageStartingWith(dir.resolve("schema").toString())
                .hasMessageContaining("FIFO");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void dev_zero_or_a_directory_as_role_file_is_refused() throws Exception {
        Files.createSymbolicLink(dir.resolve("role"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole()).hasMessageContaining("not a regular file");
        Files.delete(dir.resolve("role"));
        Files.createDirectory(dir.resolve("role"));
        assertThatThrownBy(() -> new RoleDirectory(dir).readRole()).hasMessageContaining("is a directory");
    }

    @Test
    void a_fifo_as_drain_file_is_an_unreadable_lease_not_no_lease() throws Exception {
        BoundedFileIoTest.mkfifo(dir.resolve("drain-until"));
        assertThatThrownBy(() -> new RoleDirectory(dir).readDrainUntil()).hasMessageContaining("FIFO");
    }
}
