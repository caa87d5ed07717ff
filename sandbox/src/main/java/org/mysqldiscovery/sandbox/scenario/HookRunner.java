package org.mysqldiscovery.sandbox.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.common.hooks.HookLines;

/**
 * Runs hook lines as Orchestrator does: one at a time, each pasted with the placeholders as raw text, written to
 * bash, waited for. Orchestrator has no timeout; this runner has a generous one only so that a broken line fails
 * the scenario instead of hanging it.
 */
public final class HookRunner {
    private static final Duration GUARD = Duration.ofSeconds(60);

    /** One line's outcome. */
    public record Outcome(String line, int exitCode, long millis, String output) {
    }

    private HookRunner() {
    }

    public static List<Outcome> run(List<String> lines, Map<String, String> placeholders) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : lines) {
            outcomes.add(runOne(HookLines.paste(line, placeholders)));
        }
        return outcomes;
    }

    private static Outcome runOne(String pasted) {
        long t0 = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", pasted).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Outcome(pasted, -1, GUARD.toMillis(), "hook line did not finish within " + GUARD);
            }
            return new Outcome(pasted, process.exitValue(), (System.nanoTime() - t0) / 1_000_000,
                    new String(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Outcome(pasted, -1, (System.nanoTime() - t0) / 1_000_000, "cannot run bash: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(pasted, -1, (System.nanoTime() - t0) / 1_000_000, "interrupted");
        }
    }
}
