package org.mysqldiscovery.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mysqldiscovery.common.program.ProgramArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mysql-discovery}: the operator's command. */
@Command(name = "mysql-discovery", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "What operators run during and after a failover: see what is routed where, quarantine and"
                + " clear instances, wait until every ProxySQL has converged, check configs, and precheck a failover.",
        subcommands = {StatusCommand.class, QuarantineCommand.class, WaitConvergedCommand.class, PlanCommand.class,
                CheckConfigCommand.class, PrecheckCommand.class, ServeCommand.class, HooksCommand.class,
                ZkAclCommand.class,
                picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes (every command):%n",
        exitCodeList = {"0:ok", "1:condition not met (refused, not converged, precheck failed)",
                "2:usage or input error, or ZooKeeper unreachable"},
        footer = {"%nCommon options of the ZooKeeper commands: --zookeeper CONNECT, --root PATH (default"
                + " /mysql-discovery), --config FILE (default $MYSQL_DISCOVERY_CONFIG, else"
                + " /etc/mysql-discovery/cli.yaml)."})
public final class RootCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--check-config", paramLabel = "FILE",
            description = "Validate a CLI config file (same as check-config cli FILE).")
    Path checkConfig;

    @Override
    public Integer call() {
        if (checkConfig != null) {
            return CheckConfigCommand.checkCli(checkConfig, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        throw CliException.usage("a command is required: status, quarantine, wait-converged, plan, check-config,"
                + " precheck, serve or hooks (see --help)");
    }

    /** The suite's version. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mysql-discovery " + ProgramArgs.version()};
        }
    }
}
