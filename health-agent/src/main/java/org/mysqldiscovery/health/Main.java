package org.mysqldiscovery.health;

import java.io.IOException;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.logging.LogSetup;
import org.mysqldiscovery.common.program.BoundedShutdown;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar health-agent.jar --config FILE} runs the agent; {@code --check-config FILE} validates and exits
 * 0 (prints {@code OK: FILE}) or 1 (prints what is wrong and where). SIGTERM deletes the registration first.
 */
public final class Main {
    public static final String PROGRAM = "health-agent";

    private Main() {
    }

    public static void main(String[] args) {
        var answer = ProgramArgs.answer(PROGRAM, args);
        if (answer.isPresent()) {
            System.out.println(answer.get());
            System.exit(0);
            return;
        }
        ProgramArgs parsed;
        try {
            parsed = ProgramArgs.parse(PROGRAM, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        HealthAgentConfig config;
        try {
            config = ConfigLoader.load(parsed.config(), HealthAgentConfig.class);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (parsed.checkOnly()) {
            System.out.println("OK: " + parsed.config());
            System.exit(0);
            return;
        }
        LogSetup.apply(config.logging(), PROGRAM);
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("health-agent {} starting, JVM up for {} ms", ProgramArgs.version(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        HealthAgent agent = HealthAgent.create(config);
        BoundedShutdown.install(PROGRAM, agent::close, BoundedShutdown.DEFAULT_GRACE);
        try {
            agent.start();
        } catch (IOException | RuntimeException e) {
            log.error("cannot start the health agent: {}", e.toString(), e);
            agent.close();
            System.exit(1);
        }
    }
}
