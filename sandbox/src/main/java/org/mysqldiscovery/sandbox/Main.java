package org.mysqldiscovery.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.logging.LogSetup;
import org.mysqldiscovery.sandbox.scenario.SandboxConsole;
import org.mysqldiscovery.sandbox.scenario.ScenarioRunner;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.mysqldiscovery.sandbox.suite.SuiteSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar sandbox/target/sandbox.jar}: a real local cluster with every program of the suite, up until
 * Ctrl-C; or, with {@code --scenario}, the end-to-end failover scenarios and their report.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = Main.Version.class,
        description = {"Runs a real local mysql-discovery cluster: ZooKeeper, MariaDB with GTID replication, a health",
                "agent and a role agent per MySQL server, a proxysql-sync writing to a ProxySQL admin (the stand-in",
                "unless --proxysql-admin names a real one). Stays up until Ctrl-C. With --scenario, runs the",
                "end-to-end failover scenarios instead and writes their report."})
public final class Main implements Callable<Integer> {

    @Option(names = "--zookeeper-nodes", description = "1 or 3 ZooKeeper servers (default: ${DEFAULT-VALUE})")
    int zookeeperNodes = 1;

    @Option(names = "--schema", paramLabel = "NAME:SERVERS",
            description = "a MySQL cluster, e.g. orders:3 (repeatable; default orders:3)")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--proxysql-admin", paramLabel = "mysql://USER:PASSWORD@HOST:PORT",
            description = "a real ProxySQL admin for the sync (default: the ProxySQL admin stand-in)")
    URI proxysqlAdmin;

    @Option(names = "--proxysql-mysql", paramLabel = "mysql://HOST:PORT",
            description = "that real ProxySQL's MySQL interface: the scenarios' writer writes through it (default: the "
                    + "writer routes by the runtime rows, as ProxySQL would)")
    URI proxysqlMysql;

    @Option(names = "--endpoints", paramLabel = "FILE", description = "write where everything listens as JSON")
    Path endpoints;

    @Option(names = "--keep-dir", description = "keep the sandbox directory (logs, configs) after exit")
    boolean keepDir;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "run a scenario (or 'all'): ${COMPLETION-CANDIDATES}", completionCandidates = ScenarioRunner.Names.class)
    String scenario;

    @Option(names = "--runs", description = "runs per scenario (default: ${DEFAULT-VALUE})")
    int runs = 1;

    @Option(names = "--report", paramLabel = "FILE", description = "where the scenario report goes (JSON)")
    Path report;

    /** {@code --version}: "sandbox VERSION", like every program of the suite. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sandbox " + org.mysqldiscovery.common.program.ProgramArgs.version()};
        }
    }

    public static void main(String[] args) {
        LogSetup.apply(LogSettings.defaults(), "sandbox");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        SuiteSettings settings = SuiteSettings.defaults().withZookeeperNodes(zookeeperNodes)
                .withProxysqlAdmin(Optional.ofNullable(proxysqlAdmin))
                .withProxysqlMysql(Optional.ofNullable(proxysqlMysql)).withKeepDir(keepDir);
        if (!schemas.isEmpty()) {
            settings = settings.withSchemas(schemas.stream().map(Main::schemaSpec).toList());
        }
        if (scenario != null) {
            Path reportFile = report == null ? Path.of("scenario-report.json") : report;
            boolean passed = new ScenarioRunner(settings).run(scenario, runs, reportFile);
            System.out.println((passed ? "PASSED" : "FAILED") + ": report in " + reportFile.toAbsolutePath());
            return passed ? 0 : 1;
        }
        long t0 = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Suite suite = Suite.start(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                suite.close();
                stopped.countDown();
            }, "sandbox-shutdown"));
            if (endpoints != null) {
                suite.sandbox().writeEndpoints(endpoints);
            }
            System.out.println(suite.describe());
            SandboxConsole console = new SandboxConsole(suite);
            Path cliConfig = SandboxConsole.writeCliConfig(suite);
            System.out.printf("sandbox up in %d ms (ZooKeeper, %d MariaDB servers, %d agents, proxysql-sync). "
                            + "Ctrl-C to stop.%n", (System.nanoTime() - t0) / 1_000_000, suite.hosts().size(),
                    2 * suite.hosts().size());
            System.out.print(console.guide(cliConfig));
            System.out.flush();
            try {
                // Commands typed here (switchover, failover) until the input ends; then up until Ctrl-C.
                console.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
            } catch (IOException e) {
                System.out.println("no console input (" + e.getMessage() + "): up until Ctrl-C");
            }
            stopped.await();
        }
        return 0;
    }

    private static SchemaSpec schemaSpec(String text) {
        String[] parts = text.split(":", 2);
        int servers = parts.length == 2 ? Integer.parseInt(parts[1]) : 3;
        return new SchemaSpec(parts[0], servers, 0);
    }
}
