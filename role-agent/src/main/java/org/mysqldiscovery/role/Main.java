package org.mysqldiscovery.role;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.logging.LogSetup;
import org.mysqldiscovery.common.program.BoundedShutdown;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.role.config.RoleAgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar role-agent.jar --config FILE | --check-config FILE}. */
public final class Main {
    public static final String PROGRAM = "role-agent";

    private Main() {
    }

    public static void main(String[] args) {
        Outcome outcome = prepare(args, System.out, System.err);
        if (outcome.config() == null) {
            System.exit(outcome.exitCode());
        }
        RoleAgentConfig config = outcome.config();
        LogSetup.apply(config.logging(), PROGRAM);
        Logger log = LoggerFactory.getLogger(Main.class);
        RoleAgent agent = new RoleAgent(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        BoundedShutdown.install(PROGRAM, () -> {
            agent.close();
            stopped.countDown();
        }, BoundedShutdown.DEFAULT_GRACE);
        try {
            agent.start();
        } catch (Exception e) {
            log.error("cannot start: {}", e.toString(), e);
            System.exit(1);
        }
        try {
            stopped.await(); // the HTTP threads are daemons: main keeps the JVM alive until SIGTERM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The command line before anything starts.
     *
     * @param exitCode exit code when nothing is to be run
     * @param config   the config to run, or null
     */
    record Outcome(int exitCode, RoleAgentConfig config) {
    }

    static Outcome prepare(String[] args, PrintStream out, PrintStream err) {
        var answer = ProgramArgs.answer(PROGRAM, args);
        if (answer.isPresent()) {
            out.println(answer.get());
            return new Outcome(0, null);
        }
        ProgramArgs parsed;
        try {
            parsed = ProgramArgs.parse(PROGRAM, args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return new Outcome(2, null);
        }
        RoleAgentConfig config;
        try {
            config = RoleAgentConfig.load(parsed.config());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return new Outcome(1, null);
        }
        if (parsed.checkOnly()) {
            out.println("OK: " + parsed.config());
            return new Outcome(0, null);
        }
        return new Outcome(0, config);
    }
}
