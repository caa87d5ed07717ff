package org.mysqldiscovery.common.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HookLinesTest {
    private static final HookLines.DeployTokens TOKENS = new HookLines.DeployTokens(9798,
            "/etc/mysql-discovery/role-agent-token", "https", "--cacert /etc/ssl/ca.pem",
            "/etc/mysql-discovery/precheck.yaml");

    @Test
    void the_bundled_lines_are_the_canonical_file() throws Exception {
        HookLines canonical = HookLines.load(Path.of("../puppet/files/orchestrator-hooks.json"));
        assertThat(HookLines.bundled().all()).isEqualTo(canonical.all());
    }

    @Test
    void the_file_has_the_three_hook_kinds() {
        HookLines hooks = HookLines.bundled();
        assertThat(hooks.all().keySet()).containsExactlyInAnyOrder(HookLines.PRE_GRACEFUL_TAKEOVER,
                HookLines.PRE_FAILOVER, HookLines.POST_MASTER_FAILOVER);
        assertThat(hooks.lines(HookLines.PRE_GRACEFUL_TAKEOVER)).hasSize(1);
        assertThat(hooks.lines(HookLines.POST_MASTER_FAILOVER)).hasSize(2);
        // Issue 19: the precheck is asked of the resident service; the command is only the fallback.
        assertThat(hooks.lines(HookLines.PRE_FAILOVER)).singleElement().asString()
                .contains("curl -sS --connect-timeout 0.5 -m 10", "'@PRECHECK_URL@/v1/precheck'",
                        "exec mysql-discovery precheck --cluster \"$C\" --failed \"$H:$P\" --replicas \"$R\" "
                                + "--successor \"$SH:$SP\" --config '@PRECHECK_CONFIG@'",
                        // Issue 18: the successor as Orchestrator gives it (literal before the promotion).
                        "successor=%s:%s", "{successorHost}", "{successorPort}");
    }

    @Test
    void every_curl_is_bounded_and_only_the_demotion_is_best_effort() {
        HookLines hooks = HookLines.bundled();
        String drain = hooks.lines(HookLines.PRE_GRACEFUL_TAKEOVER).get(0);
        assertThat(drain).contains("curl -sS -f -m ", "/v1/drain", "{failedHost}", "{failedPort}")
                .doesNotContain("|| true");
        List<String> post = hooks.lines(HookLines.POST_MASTER_FAILOVER);
        assertThat(post.get(0)).contains("--connect-timeout 0.5 -m 2", "\\\"role\\\":\\\"replica\\\"",
                "{failedHost}").endsWith("|| true");
        assertThat(post.get(1)).contains("-m ", "-f", "\\\"role\\\":\\\"primary\\\"", "{successorHost}",
                "{successorPort}", "{recoveryUID}", "supersedes", "graceful-master-takeover")
                .doesNotContain("|| true");
        assertThat(hooks.lines(HookLines.PRE_FAILOVER).get(0)).contains("--connect-timeout 0.5 -m ");
    }

    @Test
    void the_token_never_appears_on_a_command_line() {
        for (List<String> lines : HookLines.bundled().all().values()) {
            for (String line : lines) {
                if (line.contains("curl")) {
                    // The header goes through curl's config on stdin, built by the bash builtin printf.
                    assertThat(line).contains("-K -").contains("printf 'header = ").doesNotContain("-H \"Authorization");
                }
            }
        }
    }

    @Test
    void rendering_replaces_every_deploy_token() {
        HookLines rendered = HookLines.bundled().render(TOKENS);
        for (List<String> lines : rendered.all().values()) {
            for (String line : lines) {
                assertThat(line).doesNotContainPattern("@[A-Z_]+@");
            }
        }
        assertThat(rendered.lines(HookLines.POST_MASTER_FAILOVER).get(1))
                .contains("https://$SH:9798/v1/role", "--cacert /etc/ssl/ca.pem",
                        "/etc/mysql-discovery/role-agent-token");
        assertThat(rendered.lines(HookLines.PRE_FAILOVER).get(0)).contains("'http://127.0.0.1:9796/v1/precheck'",
                "--config '/etc/mysql-discovery/precheck.yaml'");
    }

    @Test
    void every_placeholder_is_read_from_a_quoted_here_document_never_written_into_shell_syntax() {
        java.util.regex.Pattern placeholder = java.util.regex.Pattern.compile("\\{[A-Za-z]+\\}");
        for (List<String> lines : HookLines.bundled().all().values()) {
            for (String line : lines) {
                for (String row : line.split("\n")) {
                    if (placeholder.matcher(row).find()) {
                        // The whole row is the placeholder: the body of a <<'MYSQL_DISCOVERY_VALUE' document.
                        assertThat(row).matches("\\{[A-Za-z]+\\}");
                    }
                }
            }
        }
    }

    @Test
    void a_precheck_url_with_a_path_or_quote_is_refused() {
        assertThatThrownBy(() -> new HookLines.DeployTokens(9798, "/t", "http", "", "/c", "http://h:1/x"))
                .hasMessageContaining("precheckUrl");
        assertThatThrownBy(() -> new HookLines.DeployTokens(9798, "/t", "http", "", "/c", "http://h'1"))
                .hasMessageContaining("precheckUrl");
        assertThatThrownBy(() -> new HookLines.DeployTokens(9798, "/t", "http", "", "/c'x", null))
                .hasMessageContaining("precheckConfig");
    }

    @Test
    void an_unknown_deploy_token_is_an_error() throws Exception {
        HookLines odd = HookLines.parse("{\"PreFailoverProcesses\":[\"x @NEW_TOKEN@\"]}".getBytes(), "test");
        assertThatThrownBy(() -> odd.render(TOKENS)).hasMessageContaining("@NEW_TOKEN@");
    }

    @Test
    void placeholders_are_pasted_as_raw_text_and_unknown_ones_stay_literal() {
        assertThat(HookLines.paste("a {failedHost}:{failedPort} {successorHost} {x}",
                Map.of("failedHost", "10.0.0.1", "failedPort", "3306", "x", "'; rm"))).isEqualTo(
                "a 10.0.0.1:3306 {successorHost} '; rm");
    }

    @Test
    void a_malformed_file_is_refused_with_its_name() {
        assertThatThrownBy(() -> HookLines.parse("{\"PreFailoverProcesses\":\"x\"}".getBytes(), "f.json"))
                .hasMessageContaining("f.json").hasMessageContaining("array");
        assertThatThrownBy(() -> HookLines.parse("[1]".getBytes(), "f.json")).hasMessageContaining("object");
    }
}
