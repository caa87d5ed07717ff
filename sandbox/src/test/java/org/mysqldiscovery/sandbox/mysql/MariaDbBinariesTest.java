package org.mysqldiscovery.sandbox.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MariaDbBinariesTest {

    @TempDir
    Path tmp;

    private Path executable(Path dir, String name, String script) throws Exception {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @ParameterizedTest(name = "[{index}] property ''{0}'' env ''{1}'' -> {2}")
    @CsvSource(nullValues = "NULL", value = {
        "true, NULL, true", "TRUE, NULL, true", "' yes ', NULL, true", "1, NULL, true",
        "NULL, true, true", "false, true, true",
        "false, NULL, false", "NULL, NULL, false", "'', '', false", "truee, 0, false", "on, no, false",
    })
    void the_fallback_is_forced_only_by_an_explicit_yes(String property, String env, boolean forced) {
        assertThat(MariaDbBinaries.forceMariaDb4j(property, env)).isEqualTo(forced);
    }

    @Test
    void mariadbd_and_install_script_are_found_in_path_with_their_version() throws Exception {
        Path bin = tmp.resolve("bin");
        executable(bin, "mariadbd", "#!/bin/sh\necho 'mariadbd  Ver 99.1.2-MariaDB-fake'\n");
        executable(bin, "mariadb-install-db", "#!/bin/sh\nexit 0\n");
        MariaDbBinaries b = MariaDbBinaries.findSystem(bin.toString()).orElseThrow();
        assertThat(b.mariadbd()).isEqualTo(bin.resolve("mariadbd"));
        assertThat(b.installDb()).isEqualTo(bin.resolve("mariadb-install-db"));
        assertThat(b.source()).isEqualTo(MariaDbBinaries.Source.SYSTEM);
        assertThat(b.basedir()).isEmpty();
        assertThat(b.version()).isEqualTo("mariadbd  Ver 99.1.2-MariaDB-fake");
    }

    @Test
    void a_file_that_is_not_executable_is_not_a_binary() throws Exception {
        Path dir = tmp.resolve("noexec");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mariadbd"), "text");
        assertThat(MariaDbBinaries.findExecutable("mariadbd", List.of(dir.toString()))).isEmpty();
        assertThat(MariaDbBinaries.findExecutable("mariadbd", List.of(tmp.resolve("missing").toString(), "", "\u0000"))).isEmpty();
    }

    @Test
    void a_binary_that_hangs_or_fails_on_version_is_reported_as_unknown_not_fatal() throws Exception {
        Path bad = executable(tmp.resolve("bad"), "mariadbd", "#!/bin/sh\nexit 3\n");
        assertThat(MariaDbBinaries.versionOf(bad, java.util.Map.of())).isEqualTo("unknown (no output from --version, exit 3)");
        Path missing = tmp.resolve("nothing/mariadbd");
        assertThat(MariaDbBinaries.versionOf(missing, java.util.Map.of())).startsWith("unknown");
    }
}
