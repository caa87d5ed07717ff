package org.mysqldiscovery.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mysqldiscovery.sandbox.process.LoopbackPorts;
import org.mysqldiscovery.sandbox.scenario.ScenarioReport;
import org.mysqldiscovery.sandbox.scenario.ScenarioRunner;
import org.mysqldiscovery.sandbox.suite.ProxySqlOutage;
import org.mysqldiscovery.sandbox.suite.Suite;
import org.mysqldiscovery.sandbox.suite.SuiteSettings;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The same scenarios as {@link FailoverScenariosIT}, with a real ProxySQL 2.7 from its Docker image instead of the
 * stand-in: the sync writes to its admin, the writer writes through its MySQL interface, the outage pauses the
 * container. The container shares the host's network, so ProxySQL reaches the sandbox's MariaDB servers on their own
 * loopback addresses exactly as the agents registered them. Skipped where Docker is missing or the image cannot be
 * pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealProxySqlContainerScenariosIT {
    private static final String IMAGE = System.getProperty("proxysql.image", "proxysql/proxysql:2.7.1");
    private static final int PLANNED_RUNS = Integer.getInteger("scenario.containerPlannedRuns", 5);
    private static final String ADMIN_USER = "sandbox";
    private static final String ADMIN_PASSWORD = "sandbox-admin-pw";

    private static GenericContainer<?> proxysql;
    private static int adminPort;
    private static int mysqlPort;

    @BeforeAll
    static void startProxySql(@TempDir Path dir) {
        adminPort = LoopbackPorts.next();
        mysqlPort = LoopbackPorts.next();
        Path config = dir.resolve("proxysql.cnf");
        try {
            // mysql-server_version 5.5.30: MariaDB backends break Connector/J's session setup otherwise
            // (proxysql-admin.md); the monitor is off because the sync owns the hostgroups.
            Files.writeString(config, """
                    datadir="/var/lib/proxysql"
                    admin_variables=
                    {
                        admin_credentials="admin:admin;%s:%s"
                        mysql_ifaces="127.0.0.1:%d"
                    }
                    mysql_variables=
                    {
                        threads=2
                        interfaces="127.0.0.1:%d"
                        server_version="5.5.30"
                        monitor_enabled=false
                        connect_timeout_server_max=10000
                    }
                    """.formatted(ADMIN_USER, ADMIN_PASSWORD, adminPort, mysqlPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        proxysql = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withCopyFileToContainer(MountableFile.forHostPath(config), "/etc/proxysql.cnf")
                .withStartupTimeout(Duration.ofSeconds(120));
        ContainerImages.startOrSkip(proxysql, IMAGE);
        Suite.await("ProxySQL's admin answers on 127.0.0.1:" + adminPort, Duration.ofSeconds(60),
                RealProxySqlContainerScenariosIT::adminAnswers);
    }

    private static boolean adminAnswers() {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + adminPort + "/?user="
                + ADMIN_USER + "&password=" + ADMIN_PASSWORD + "&connectTimeout=500")) {
            return c.isValid(1);
        } catch (SQLException notYet) {
            return false;
        }
    }

    @AfterAll
    static void stopProxySql() {
        if (proxysql != null) {
            proxysql.stop();
        }
    }

    @Test
    void every_scenario_passes_against_a_real_proxysql() {
        SuiteSettings settings = SuiteSettings.defaults()
                .withProxysqlAdmin(Optional.of(URI.create("mysql://" + ADMIN_USER + ":" + ADMIN_PASSWORD
                        + "@127.0.0.1:" + adminPort)))
                .withProxysqlMysql(Optional.of(URI.create("mysql://127.0.0.1:" + mysqlPort)));
        ProxySqlOutage pause = new ProxySqlOutage() {
            @Override
            public void takeDown() {
                proxysql.getDockerClient().pauseContainerCmd(proxysql.getContainerId()).exec();
            }

            @Override
            public void bringBack() {
                proxysql.getDockerClient().unpauseContainerCmd(proxysql.getContainerId()).exec();
            }
        };
        ScenarioRunner runner = new ScenarioRunner(settings, Optional.of(pause));
        List<ScenarioReport.Scenario> results = new java.util.ArrayList<>();
        for (String name : ScenarioRunner.NAMES) {
            results.add(runner.report(name, name.equals("planned-switchover") ? PLANNED_RUNS : 1).scenarios().get(0));
        }
        ScenarioRunner.write(new ScenarioReport(java.time.Instant.now().toString(),
                java.util.Map.of("proxysql", IMAGE + " (container, host network)"), results),
                Path.of("target", "scenario-report-real-proxysql.json"));
        System.out.println(FailoverScenariosIT.table(results));
        assertThat(results).allSatisfy(s -> assertThat(s.passed()).as("%s: %s", s.name(), s.reason()).isTrue());
    }
}
