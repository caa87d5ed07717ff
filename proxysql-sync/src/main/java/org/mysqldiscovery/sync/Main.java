package org.mysqldiscovery.sync;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.logging.LogSetup;
import org.mysqldiscovery.common.metrics.Telemetry;
import org.mysqldiscovery.common.program.ProgramArgs;
import org.mysqldiscovery.sync.config.SyncConfig;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar proxysql-sync.jar --config FILE | --check-config FILE}. Exit codes: 0 (check passed, or clean
 * shutdown), 1 (invalid config, or refused to start), 2 (usage).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs the program; returns an exit code, or -1 once the sync has been stopped by a signal. */
    static int run(String[] args) {
        var answer = ProgramArgs.answer(SyncService.PROGRAM, args);
        if (answer.isPresent()) {
            System.out.println(answer.get());
            return 0;
        }
        ProgramArgs parsed;
        try {
            parsed = ProgramArgs.parse(SyncService.PROGRAM, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        SyncConfig config;
        try {
            config = SyncConfig.load(parsed.config());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        if (parsed.checkOnly()) {
            System.out.println("OK: " + parsed.config());
            return 0;
        }
        LogSetup.apply(config.logging(), SyncService.PROGRAM);
        Logger log = LoggerFactory.getLogger(Main.class);
        SyncService service = new SyncService(config,
                Telemetry.forProgram("proxysql-sync", ProgramArgs.version()), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            service.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            service.start();
        } catch (HostgroupConflictException e) {
            log.error("refusing to start: {}", e.getMessage());
            System.err.println("refusing to start: " + e.getMessage());
            service.close();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (RuntimeException e) {
            log.error("cannot start", e);
            service.close();
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }
}
