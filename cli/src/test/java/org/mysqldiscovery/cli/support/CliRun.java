package org.mysqldiscovery.cli.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.Main;
import picocli.CommandLine;

/** Runs the CLI in-process through picocli, capturing stdout and stderr. */
public final class CliRun {
    private CliRun() {
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " in " + took.toMillis() + " ms\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Result run(String... args) {
        return run(Clock.systemUTC(), Map.of(), args);
    }

    public static Result run(Clock clock, Map<String, String> env, String... args) {
        CliContext context = new CliContext(clock, env::get, Optional.of(Path.of("target", "classes").toAbsolutePath()),
                () -> "tester@test-host");
        CommandLine cli = Main.commandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }
}
