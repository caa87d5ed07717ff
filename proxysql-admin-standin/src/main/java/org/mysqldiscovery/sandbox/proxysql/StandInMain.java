package org.mysqldiscovery.sandbox.proxysql;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the ProxySQL admin STAND-IN as its own process, for the sandbox: prints
 * {@code proxysql-admin-stand-in listening on HOST:PORT} once it accepts connections, then serves until SIGTERM.
 * It is a test double of ProxySQL's admin interface; nothing in production may point at it.
 */
@Command(name = "proxysql-admin-stand-in", mixinStandardHelpOptions = true,
        description = "A STAND-IN for ProxySQL 2.7's admin interface, for tests and the sandbox only. "
                + "Never use it in production.")
public final class StandInMain implements Callable<Integer> {
    static final String READY_LINE_PREFIX = "proxysql-admin-stand-in listening on ";

    @Option(names = "--port", defaultValue = "0", description = "TCP port; 0 picks a free one (default: 0)")
    int port;

    @Option(names = "--bind", defaultValue = StandInConfig.LOOPBACK, description = "address (default: 127.0.0.1)")
    String bind;

    @Option(names = "--user", defaultValue = "admin", description = "admin user (default: admin)")
    String user;

    @Option(names = "--password-file", required = true, description = "file holding the admin password")
    Path passwordFile;

    @Option(names = "--data-dir", required = true, description = "directory of the SQLite disk copy")
    Path dataDir;

    public static void main(String[] args) {
        int exitCode = new CommandLine(new StandInMain()).execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LogSetup.apply(LogSettings.defaults(), "proxysql-admin-stand-in");
        StandInConfig config;
        try {
            config = new StandInConfig(bind, port, user, SecretFile.read(passwordFile).value(), dataDir,
                    StandInConfig.DEFAULT_MAX_PACKET_BYTES, StandInConfig.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                    StandInConfig.DEFAULT_MAX_CONNECTIONS);
        } catch (IllegalArgumentException e) {
            System.err.println("proxysql-admin-stand-in: " + e.getMessage());
            return 2;
        }
        ProxySqlAdminStandIn standIn = new ProxySqlAdminStandIn(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "proxysql-stand-in-shutdown"));
        standIn.start();
        System.out.println(READY_LINE_PREFIX + config.bindAddress() + ":" + standIn.port());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
