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

    /**
     * What one run printed and returned.
     *
     * @param err                   stderr without the line that warns of a connection without a ZooKeeper identity
     * @param warnedUnauthenticated whether that warning was printed (tests opt out of ZooKeeper ACLs)
     */
    public record Result(int exitCode, String out, String err, Duration took, boolean warnedUnauthenticated) {
        @Override
        public String toString() {
            return "exit " + exitCode + " in " + took.toMillis() + " ms\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** The opt-out warning line taken out of {@code err}, so that tests can assert the rest exactly. */
    public static String withoutOptOutWarning(String err) {
        return err.replace(org.mysqldiscovery.cli.command.CommonOptions.UNAUTHENTICATED_WARNING + "\n", "");
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
        String printed = err.toString();
        return new Result(code, out.toString(), withoutOptOutWarning(printed), Duration.ofNanos(System.nanoTime() - start),
                printed.contains(org.mysqldiscovery.cli.command.CommonOptions.UNAUTHENTICATED_WARNING));
    }
}
