package org.mysqldiscovery.common.program;

import java.time.Duration;

/**
 * SIGTERM ends the process within a bound, always: the shutdown hook runs the program's {@code close()}, and a
 * daemon timer halts the JVM if that has not finished after the grace period (a thread stuck in {@code open()} of a
 * FIFO or on a hung file system cannot be interrupted, and a close that waits for it would wait forever).
 */
public final class BoundedShutdown {
    /** Default grace: enough to delete a registration and stop the HTTP server, well inside systemd's 90 s. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** Exit status after a forced halt (128 + SIGTERM, as if the signal had ended the process). */
    public static final int HALT_STATUS = 143;

    private BoundedShutdown() {
    }

    /** Installs the hook; {@code close} runs once, on SIGTERM, SIGINT or a normal exit. */
    public static void install(String program, Runnable close, Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(grace.toMillis());
                } catch (InterruptedException e) {
                    return; // close finished in time
                }
                System.err.println(program + ": shutdown did not finish within " + grace.toMillis()
                        + " ms (a thread blocked on a file or a socket?); halting");
                System.err.flush();
                Runtime.getRuntime().halt(HALT_STATUS);
            }, "shutdown-halt");
            halter.setDaemon(true);
            halter.start();
            try {
                close.run();
            } finally {
                halter.interrupt();
            }
        }, "shutdown"));
    }
}
