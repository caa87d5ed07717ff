package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.serve.PrecheckService;
import org.mysqldiscovery.cli.status.BrowserAuth;
import org.mysqldiscovery.cli.status.FleetWatch;
import org.mysqldiscovery.cli.status.ProxySqlWatch;
import org.mysqldiscovery.cli.status.StatusPage;
import org.mysqldiscovery.common.http.BearerAuth;
import org.mysqldiscovery.common.http.HttpSettings;
import org.mysqldiscovery.common.logging.LogSettings;
import org.mysqldiscovery.common.logging.LogSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: the resident precheck service beside Orchestrator (its PreFailoverProcesses line is a {@code curl}
 * to it, so no JVM starts during a failover). Runs until SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Answer Orchestrator's precheck over HTTP (POST /v1/precheck) from a resident process: the same"
                + " decisions, deadline and verdicts as the precheck command, without a JVM start in the failover."
                + " Reads the serve, mysql and precheck sections of the config. Runs until stopped.",
                "With a zookeeper section (or --zookeeper) it also serves the operator's read-only status page at"
                        + " /status/ and its data at GET /v1/status, behind the same token (a browser logs in with"
                        + " any user name and the token as password)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:usage or config error (no serve section, no credentials, port taken)"})
public final class ServeCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    MysqlOptions mysql;

    @Option(names = "--port", paramLabel = "N", description = "Listen on this port (overrides serve.http.port).")
    Integer port;

    public ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CliConfig config = common.config(context);
        if (config.serve() == null) {
            throw CliException.usage("serve needs a serve section in the config (http, auth; see cli/config/"
                    + "example.yaml)");
        }
        if (port != null) {
            CliConfig.Serve s = config.serve();
            config = new CliConfig(config.zookeeper(), config.mysql(), config.precheck(), config.knownSchemas(),
                    new CliConfig.Serve(new HttpSettings(s.http().bindAddress(), port), s.auth(), s.tls(),
                            s.connectionMaxIdleMillis(), s.statusPage()), config.pager());
        }
        MysqlCredentials credentials = mysql.credentials(config).orElseThrow(() -> CliException.usage(
                "serve needs MySQL credentials: --mysql-user and --mysql-password-file, or mysql in the config"));
        LogSetup.apply(LogSettings.defaults(), "mysql-discovery-serve");
        PrecheckService service = new PrecheckService(config, credentials);
        boolean statusPage = readZooKeeper(config, service);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            service.start();
        } catch (RuntimeException e) {
            service.close();
            throw CliException.usage("serve cannot start: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "serve-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("serving prechecks on port " + service.port());
        if (statusPage) {
            out.println("status page on port " + service.port() + " at " + StatusPage.PAGE + " (data: "
                    + StatusPage.DATA + ")");
        }
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
        }
        return ExitCodes.OK;
    }

    /**
     * With a ZooKeeper to read: reads it every {@code serve.statusPage.refreshMillis} for the precheck's memory of
     * datacenters (issue 18) and, when it is on, the status page; says so either way. True when the page is served.
     */
    private boolean readZooKeeper(CliConfig config, PrecheckService service) {
        CliConfig.StatusPage settings = config.serve().statusPage();
        if (config.zookeeper() == null && common.zookeeper == null) {
            String why = "serve has no zookeeper section (and no --zookeeper): it knows no datacenter";
            service.datacenters().unread(why);
            LOG.warn("serve: status page off and the cross-datacenter check blind: the config has no zookeeper"
                    + " section (and no --zookeeper was given)");
            return false;
        }
        FleetWatch watch = new FleetWatch(common.zookeeper(context), config.knownSchemaNames(),
                settings.refreshMillis(), context.clock());
        watch.onRead(service.datacenters()::observe);
        ProxySqlWatch proxysql = null;
        if (settings.enabled()) {
            BearerAuth bearer = config.serve().auth().tokenFile().map(f -> BearerAuth.token(f.value()))
                    .orElse(BearerAuth.disabled());
            try {
                proxysql = new ProxySqlWatch(settings.syncConfigs().stream().map(Path::of).toList(),
                        settings.proxysqlRefreshMillis(), context.clock());
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            StatusPage page = new StatusPage(watch, proxysql, new BrowserAuth(bearer), service.metrics());
            service.add(page::routes, watch);
            service.add(app -> { }, proxysql);
        } else {
            LOG.info("serve: status page off (serve.statusPage.enabled: false); ZooKeeper is still read for the"
                    + " precheck's datacenters");
            service.add(app -> { }, watch);
        }
        try {
            if (proxysql != null) {
                proxysql.start();
            }
            watch.start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage("serve cannot read ZooKeeper: " + e.getMessage());
        }
        return settings.enabled();
    }
}
