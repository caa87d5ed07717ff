package org.mysqldiscovery.common.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramArgsTest {

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void version_is_the_program_name_and_the_suites_version(String flag) {
        assertThat(ProgramArgs.answer("health-agent", new String[] {flag}))
                .contains("health-agent " + ProgramArgs.version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void help_names_every_option_and_the_exit_codes(String flag) {
        String help = ProgramArgs.answer("role-agent", new String[] {flag}).orElseThrow();
        assertThat(help).startsWith("usage: java -jar role-agent.jar")
                .contains("--config FILE", "--check-config FILE", "--help", "--version", "Exit codes");
    }

    @Test
    void a_run_or_check_command_line_is_no_question() {
        assertThat(ProgramArgs.answer("proxysql-sync", new String[] {"--config", "x.yaml"})).isEmpty();
        assertThat(ProgramArgs.answer("proxysql-sync", new String[] {})).isEmpty();
        assertThat(ProgramArgs.answer("proxysql-sync", new String[] {"--version", "--help"})).isEmpty();
    }

    @Test
    void config_and_check_config_parse_in_both_spellings() {
        assertThat(ProgramArgs.parse("p", new String[] {"--config", "a.yaml"}))
                .isEqualTo(new ProgramArgs(false, Path.of("a.yaml")));
        assertThat(ProgramArgs.parse("p", new String[] {"--check-config=b.yaml"}))
                .isEqualTo(new ProgramArgs(true, Path.of("b.yaml")));
    }

    @Test
    void garbage_gets_the_usage_line_pointing_at_help() {
        assertThatThrownBy(() -> ProgramArgs.parse("health-agent", new String[] {"--cofnig", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage: java -jar health-agent.jar")
                .hasMessageContaining("--help");
        assertThatThrownBy(() -> ProgramArgs.parse("health-agent", new String[] {"\u0000".repeat(10_000)}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
