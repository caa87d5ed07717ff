package org.mysqldiscovery.common.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mysqldiscovery.common.model.PayloadCodec;

/**
 * Issue 17: every shipped line, rendered, with a hostile value pasted into one placeholder at a time (as Orchestrator
 * pastes: raw text), run with bash. {@code curl}, {@code mysql-discovery} and {@code logger} are stubs that record
 * what they were given, so the test sees exactly what would have been sent. Nothing may run that the line does not
 * run (a canary file), and each line either sends a well-formed request carrying the value as data, or refuses
 * before sending anything.
 */
class HookLinesHostileTest {
    static final String CANARY = "CANARY";

    /** Values that break naive quoting: each tries to run {@code touch CANARY}. */
    static final List<String> HOSTILE = List.of(
            "two words",
            "it's",
            "\"quoted\"",
            "$(touch CANARY)",
            "`touch CANARY`",
            "x; touch CANARY; y",
            "x' ; touch CANARY ; echo '",
            "x\" ; touch CANARY ; echo \"",
            "a\\\\b\\",
            "x\ntouch CANARY",
            "%s%n%x",
            "{failedHost}",
            "-o /tmp/x",
            "@/etc/passwd",
            "ünïcødé ✓",
            "x".repeat(10_000),
            "");

    static final Map<String, String> NORMAL = normal();

    @TempDir
    Path dir;
    Path bin;
    Path work;

    static Map<String, String> normal() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("failureType", "DeadMaster");
        values.put("command", "");
        values.put("failedHost", "db1.example.com");
        values.put("failedPort", "3306");
        values.put("failureCluster", "db1.example.com:3306");
        values.put("failureClusterAlias", "orders");
        values.put("successorHost", "db2.example.com");
        values.put("successorPort", "3306");
        values.put("recoveryUID", "123:abc");
        values.put("replicaHosts", "db2.example.com:3306,db3.example.com:3306");
        return values;
    }

    @BeforeEach
    void stubs() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        work = Files.createDirectories(dir.resolve("work"));
        // curl: records each argument on its own NUL-terminated record and its stdin; answers 200 to -w.
        stub("curl", "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$RECORD/curl.args\"\n"
                + "cat > \"$RECORD/curl.stdin\"\n"
                + "case \" $* \" in *' -w '*) printf 200;; esac\n");
        stub("mysql-discovery", "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$RECORD/cli.args\"\n");
        stub("logger", "true\n");
        Files.writeString(dir.resolve("token"), "a-token-of-sixteen-chars");
    }

    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Stream<Arguments> cases() {
        HookLines rendered = HookLines.bundled().render(new HookLines.DeployTokens(9798, "TOKEN_PATH", "http", "",
                "/etc/mysql-discovery/cli.yaml"));
        List<Arguments> cases = new ArrayList<>();
        rendered.all().forEach((kind, lines) -> {
            for (int i = 0; i < lines.size(); i++) {
                for (String placeholder : NORMAL.keySet()) {
                    if (!lines.get(i).contains("{" + placeholder + "}")) {
                        continue;
                    }
                    for (String value : HOSTILE) {
                        String shown = value.length() > 30 ? value.substring(0, 30) + "…" : value;
                        cases.add(Arguments.of(kind + "[" + i + "] {" + placeholder + "}=" + shown.replace("\n", "\\n"),
                                lines.get(i), placeholder, value));
                    }
                }
            }
        });
        return cases.stream();
    }

    record Run(int exit, String output, List<String> curlArgs, List<String> cliArgs) {
    }

    private Run run(String line, Map<String, String> values) throws Exception {
        String pasted = HookLines.paste(line.replace("TOKEN_PATH", dir.resolve("token").toString()), values);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", pasted).directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("RECORD", dir.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output, records("curl.args"), records("cli.args"));
    }

    private List<String> records(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file);
        Files.delete(file);
        return text.isEmpty() ? List.of() : List.of(text.split("\0", -1)).subList(0, text.split("\0", -1).length - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_hostile_placeholder_value_never_runs_as_code_and_reaches_the_request_only_as_data(String name,
            String line, String placeholder, String value) throws Exception {
        Map<String, String> values = new LinkedHashMap<>(NORMAL);
        values.put(placeholder, value);

        Run run = run(line, values);

        assertThat(work.resolve(CANARY)).as("the value ran as a command").doesNotExist();
        assertThat(dir.resolve("bin").resolve(CANARY)).doesNotExist();
        boolean addressing = placeholder.endsWith("Host") || placeholder.endsWith("Port");
        boolean validAddress = value.matches(placeholder.endsWith("Port") ? "[0-9]{1,5}" : "[A-Za-z0-9._-]{1,255}");
        if (run.curlArgs() == null) {
            // Refused before sending: only an address that is not host:port may cause that.
            assertThat(addressing && !validAddress).as("refused without reason: " + run.output()).isTrue();
            assertThat(run.exit()).as(run.output()).isNotZero();
            return;
        }
        List<String> args = run.curlArgs();
        String url = args.get(args.size() - 1);
        assertThat(url).matches("http://[A-Za-z0-9._-]+:\\d+/v1/(drain|role|precheck)|http://127\\.0\\.0\\.1:9796/v1/precheck");
        String body = args.get(args.indexOf("--data-binary") + 1);
        if (url.endsWith("/v1/precheck")) {
            // One key=value line per placeholder: a value with a line break shows as an extra line, which the
            // service refuses (a key given twice or unknown).
            assertThat(body).startsWith("cluster=");
        } else {
            JsonNode json = PayloadCodec.mapper().readTree(body);
            assertThat(json.isObject()).as(body).isTrue();
            // Text goes into the reason cut to 150 characters (the agent takes at most 1024), control characters
            // as spaces; a recoveryUID that is not one is left out of the promotion rather than failing it.
            String sanitized = value.substring(0, Math.min(150, value.length())).replaceAll("\\p{Cntrl}", " ");
            boolean uidDropped = placeholder.equals("recoveryUID") && json.has("role")
                    && json.get("role").asText().equals("primary") && !value.matches("[A-Za-z0-9:._-]{0,256}");
            if (uidDropped) {
                assertThat(json.path("recoveryUid").asText()).isEmpty();
                return;
            }
            // A value holding a placeholder's name is expanded by a later paste, as Orchestrator's sequential
            // replacement does too: still data, but not the same text.
            if (!addressing && !value.contains("{")) {
                assertThat(body.contains("\\u") || json.toString().contains(jsonText(sanitized)))
                        .as("the value travels as data in " + body).isTrue();
            }
        }
        if (addressing && !url.endsWith("/v1/precheck")) {
            // A role-agent request goes only to a valid host:port (the precheck service validates its own input).
            assertThat(validAddress).as("sent with a bad address: " + url).isTrue();
        }
    }

    private static String jsonText(String text) throws IOException {
        String encoded = PayloadCodec.mapper().writeValueAsString(text);
        return encoded.substring(1, encoded.length() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalLines")
    void with_ordinary_values_every_line_sends_its_request(String name, String line) throws Exception {
        Run run = run(line, NORMAL);
        assertThat(run.curlArgs()).as(run.output()).isNotNull();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(String.join(" ", run.curlArgs())).doesNotContain("a-token-of-sixteen-chars");
    }

    static Stream<Arguments> normalLines() {
        HookLines rendered = HookLines.bundled().render(new HookLines.DeployTokens(9798, "TOKEN_PATH", "http", "",
                "/etc/mysql-discovery/cli.yaml"));
        List<Arguments> cases = new ArrayList<>();
        rendered.all().forEach((kind, lines) -> {
            for (int i = 0; i < lines.size(); i++) {
                cases.add(Arguments.of(kind + "[" + i + "]", lines.get(i)));
            }
        });
        return cases.stream();
    }
}
