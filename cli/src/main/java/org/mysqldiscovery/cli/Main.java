package org.mysqldiscovery.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import org.mysqldiscovery.cli.command.CliException;
import org.mysqldiscovery.cli.command.ExitCodes;
import org.mysqldiscovery.cli.command.RootCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The CLI's entry point: wires the commands by hand (each gets the {@link CliContext}) and maps outcomes to exit
 * codes: {@link CliException} → its message on stderr and its code; a bad command line → the error and a hint, 2;
 * anything unexpected → one line on stderr, 2 (a stack trace only with {@code MYSQL_DISCOVERY_DEBUG=1}).
 */
public final class Main {
    static final String DEBUG_ENV = "MYSQL_DISCOVERY_DEBUG";

    private Main() {
    }

    public static void main(String[] args) {
        CliContext context = CliContext.system();
        quietLogging("1".equals(context.environment().apply(DEBUG_ENV)));
        int code = commandLine(context).execute(args);
        System.exit(code);
    }

    /** The command tree, ready to {@code execute}; tests set their own out/err on it. */
    public static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new RootCommand(), new ContextFactory(context));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CliException cliException) {
                err.println("error: " + cliException.getMessage());
                err.flush();
                return cliException.exitCode();
            }
            err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + " (set " + DEBUG_ENV + "=1 for details)");
            if ("1".equals(context.environment().apply(DEBUG_ENV))) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine commandLine = e.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println("error: " + e.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /** ZooKeeper's and Curator's own logs would mix with our output (and with --json): off unless debugging. */
    static void quietLogging(boolean debug) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.reset();
            ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (debug) {
                ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> console =
                        new ch.qos.logback.core.ConsoleAppender<>();
                console.setContext(logback);
                console.setTarget("System.err");
                ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder =
                        new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
                encoder.setContext(logback);
                encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
                encoder.start();
                console.setEncoder(encoder);
                console.start();
                root.addAppender(console);
                root.setLevel(Level.DEBUG);
            } else {
                root.setLevel(Level.OFF);
            }
        }
    }

    /** Builds commands with the context when they take one; picocli's own classes otherwise. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withContext = type.getConstructor(CliContext.class);
                return withContext.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
