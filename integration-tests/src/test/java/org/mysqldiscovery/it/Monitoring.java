package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** monitoring/ (alert rules, their tests, the dashboard), promtool, and the names they use. */
final class Monitoring {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** Rejects a key written twice in one JSON object. */
    static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** A metric name in PromQL: ours, the JVM's and the process's. */
    private static final Pattern NAME = Pattern.compile("\\b((?:mysql_discovery|jvm|process)_[a-z0-9_]+)\\b");

    private Monitoring() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("monitoring"))) {
                return dir.normalize();
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no checkout root above " + Path.of("").toAbsolutePath());
    }

    static Path dir() {
        return root().resolve("monitoring");
    }

    /** Every metric name the alert rules, their tests and the dashboard use. */
    static Set<String> namesUsed() {
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(dir().resolve("alerts.yml"), dir().resolve("tests/alerts_test.yml"),
                dir().resolve("grafana-dashboard.json"))) {
            Matcher m = NAME.matcher(read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sample names in a Prometheus text exposition (with _bucket, _sum, _count, _total as written). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    /** Runs promtool; skips loudly without it, unless CI=true (then it fails). */
    static String promtool(String stdin, String... args) {
        if (!Files.isExecutable(PROMTOOL)) {
            String why = "promtool is not installed (apt-get install prometheus): monitoring checks skipped";
            System.err.println("SKIPPED: " + why);
            assertThat(System.getenv("CI")).as(why + " but CI=true").isNotEqualTo("true");
            Assumptions.abort(why);
        }
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            return (process.exitValue() == 0 ? "" : "exit " + process.exitValue() + ": ") + out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
