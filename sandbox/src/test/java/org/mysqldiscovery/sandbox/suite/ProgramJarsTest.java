package org.mysqldiscovery.sandbox.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramJarsTest {
    @TempDir
    Path dir;

    private Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "jar");
    }

    @Test
    void the_jars_the_build_resolved_are_found_by_program_and_the_cli_is_mysql_discovery() throws IOException {
        Path resolved = dir.resolve("program-jars");
        Path health = touch(resolved.resolve("health-agent.jar"));
        Path cli = touch(resolved.resolve("mysql-discovery.jar"));

        ProgramJars jars = ProgramJars.resolvedInto(resolved);

        assertThat(jars.require(ProgramJars.HEALTH_AGENT)).isEqualTo(health.toAbsolutePath().normalize());
        assertThat(jars.require(ProgramJars.CLI)).isEqualTo(cli.toAbsolutePath().normalize());
    }

    @Test
    void a_jar_missing_from_what_the_build_resolved_fails_naming_the_jar_the_directory_and_the_build_step()
            throws IOException {
        Path resolved = dir.resolve("program-jars");
        touch(resolved.resolve("health-agent.jar"));

        assertThatThrownBy(() -> ProgramJars.resolvedInto(resolved).require(ProgramJars.ROLE_AGENT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("role-agent.jar")
                .hasMessageContaining(resolved.toString())
                .hasMessageContaining("program-jars")
                .hasMessageContaining("-pl integration-tests -am");
    }

    @Test
    void a_checkout_root_finds_each_module_s_target_jar() throws IOException {
        Path sync = touch(dir.resolve("proxysql-sync/target/proxysql-sync.jar"));

        ProgramJars jars = new ProgramJars(List.of(dir.resolve("elsewhere"), dir));

        assertThat(jars.find(ProgramJars.PROXYSQL_SYNC)).contains(sync.toAbsolutePath().normalize());
        assertThat(jars.find(ProgramJars.ROLE_AGENT)).isEmpty();
        assertThatThrownBy(() -> jars.require(ProgramJars.ROLE_AGENT))
                .hasMessageContaining("./mvnw -B -q package -DskipTests");
    }

    @Test
    void a_directory_named_like_a_jar_is_not_a_jar() throws IOException {
        Files.createDirectories(dir.resolve("health-agent.jar"));

        assertThat(ProgramJars.resolvedInto(dir).find(ProgramJars.HEALTH_AGENT)).isEmpty();
    }

    @Test
    void with_the_property_set_only_its_directory_is_looked_at() throws IOException {
        Path resolved = Files.createDirectories(dir.resolve("empty"));
        String before = System.getProperty(ProgramJars.PROPERTY);
        System.setProperty(ProgramJars.PROPERTY, resolved.toString());
        try {
            // This checkout may well have built jars under */target: they must not be used instead.
            assertThatThrownBy(() -> ProgramJars.discover().require(ProgramJars.HEALTH_AGENT))
                    .hasMessageContaining("looked in [" + resolved + "]");
        } finally {
            if (before == null) {
                System.clearProperty(ProgramJars.PROPERTY);
            } else {
                System.setProperty(ProgramJars.PROPERTY, before);
            }
        }
    }
}
