package org.mysqldiscovery.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mysqldiscovery.cli.support.CliRun;
import org.mysqldiscovery.cli.support.CliRun.Result;
import org.mysqldiscovery.common.hooks.HookLines;

class HooksRenderCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Result render(String... extra) {
        List<String> args = new ArrayList<>(List.of("hooks", "render"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void renders_every_hook_of_the_canonical_file_with_the_values_given_and_no_token_left() throws Exception {
        Result r = render("--token-file", "/etc/orchestrator/role-agent.token", "--role-agent-port", "19798",
                "--curl-opts", "--cacert /etc/ssl/ca.pem");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.fieldNames()).toIterable().containsExactlyElementsOf(HookLines.bundled().all().keySet());
        assertThat(r.out()).doesNotContainPattern("@[A-Z_]+@")
                .contains("/etc/orchestrator/role-agent.token", ":19798/v1/role", "--cacert /etc/ssl/ca.pem",
                        "https://");
    }

    @Test
    void the_lines_are_what_hook_lines_renders_for_the_same_values() throws Exception {
        Result r = render("--scheme", "http", "--token-file", "/t", "--role-agent-port", "9798", "--curl-opts", "",
                "--precheck-config", "/etc/mysql-discovery/cli.yaml", "--precheck-url", "http://127.0.0.1:19796");
        JsonNode doc = JSON.readTree(r.out());
        HookLines expected = HookLines.bundled().render(new HookLines.DeployTokens(9798, "/t", "http", "",
                "/etc/mysql-discovery/cli.yaml", "http://127.0.0.1:19796"));
        expected.all().forEach((kind, lines) -> {
            List<String> got = new ArrayList<>();
            doc.get(kind).forEach(line -> got.add(line.asText()));
            assertThat(got).as(kind).isEqualTo(lines);
        });
    }

    @Test
    void the_tokens_read_as_text_are_the_tokens_of_the_parsed_lines() {
        assertThat(HooksRenderCommand.bundledTokens()).isEqualTo(HooksRenderCommand.tokens(HookLines.bundled()))
                .isNotEmpty();
    }

    @Test
    void every_token_of_the_file_has_an_option_in_the_help() {
        Result help = render("--help");
        for (String token : HooksRenderCommand.tokens(HookLines.bundled())) {
            assertThat(help.out()).contains(HooksRenderCommand.optionName(token), "Value of " + token);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x'; rm -rf / #", "$(id)", "/a`id`", "/a\nb", "/a;b", "/a|b", "/a>b", "/a\\b", "\"q\""})
    void an_unsafe_value_is_refused_before_anything_is_printed(String hostile) {
        Result r = render("--token-file", hostile);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("the value of @TOKEN_FILE@", "is not safe in a shell line");
    }

    @Test
    void an_oversized_value_is_refused() {
        assertThat(render("--token-file", "/" + "a".repeat(600)).err()).contains("at most 512 characters");
    }

    @Test
    void a_token_of_another_hook_file_is_filled_with_set_or_named_when_missing() throws Exception {
        Path file = dir.resolve("hooks.json");
        Files.writeString(file, "{\"PostMasterFailoverProcesses\": [\"notify --to @PAGER_ROUTE@ --port @ROLE_AGENT_PORT@\"]}");

        Result missing = render("--hooks-file", file.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no value for @PAGER_ROUTE@ (--set PAGER_ROUTE=VALUE)");

        Result filled = render("--hooks-file", file.toString(), "--set", "PAGER_ROUTE=oncall-db");
        assertThat(filled.exitCode()).as(filled.toString()).isZero();
        assertThat(filled.out()).contains("notify --to oncall-db --port 9798");
    }

    @Test
    void set_of_a_token_the_file_does_not_have_or_of_garbage_is_an_error() {
        assertThat(render("--set", "NO_SUCH=1").err()).contains("--set @NO_SUCH@: the hook file has no such token");
        assertThat(render("--set", "lower case=1").err()).contains("a token is written like TOKEN_FILE");
    }

    @Test
    void an_unreadable_or_malformed_hook_file_is_an_error_naming_it() throws Exception {
        assertThat(render("--hooks-file", dir.resolve("none.json").toString()).err())
                .contains("cannot read the hook file", "none.json");
        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{\"PreFailoverProcesses\": [1, 2]}");
        Result r = render("--hooks-file", garbage.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must be an array of strings");
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThat(render("--hooks-file", empty.toString()).exitCode()).isEqualTo(2);
    }
}
