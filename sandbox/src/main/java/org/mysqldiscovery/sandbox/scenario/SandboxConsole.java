package org.mysqldiscovery.sandbox.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mysqldiscovery.sandbox.suite.Suite;

/**
 * The interactive sandbox's guide and console: a CLI config for the running sandbox (written into its directory),
 * the exact commands to look at it, and, typed at the sandbox's prompt, a planned switchover or an unplanned failover
 * run by the end-to-end scenarios' own code (Orchestrator's part: the shipped hook lines and the MariaDB promotion),
 * each reported in one line.
 */
public final class SandboxConsole {
    private final Suite suite;
    private final RunContext context;
    private final FailoverScenarios failovers;
    private final List<ScenarioReport.WriteStats> writes = new ArrayList<>();
    private int runs;
    private boolean primaryHostKilled;

    public SandboxConsole(Suite suite) {
        this.suite = suite;
        this.context = new RunContext(suite, Optional.empty());
        this.failovers = new FailoverScenarios(context);
    }

    /** Whether the switchover and failover commands can run: they drive schema {@code orders}. */
    public boolean canFailOver() {
        return suite.sandbox().clusters().containsKey(FailoverScenarios.SCHEMA)
                && suite.hosts(FailoverScenarios.SCHEMA).size() >= 2;
    }

    /** Writes {@code cli.yaml} into the sandbox directory: its ZooKeeper, its schemas, a MySQL user for precheck. */
    public static Path writeCliConfig(Suite suite) {
        Path file = suite.sandbox().directory().resolve("cli.yaml");
        String text = cliConfig(suite.sandbox().zookeeper().connectString(), suite.sandbox().zookeeperRoot(),
                suite.zookeeperIdentities().authYaml(org.mysqldiscovery.common.zk.ZkIdentities.Kind.OPERATOR, 2),
                suite.sandbox().agentCredentials().user(), suite.sandbox().agentCredentials().passwordFile(),
                List.copyOf(suite.sandbox().clusters().keySet()));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The CLI config of a sandbox (the CLI's {@code check-config cli} accepts it: the CLI's tests check). */
    /** @param zkAuthYaml the {@code auth:} block of the operator identity, indented for the zookeeper section */
    public static String cliConfig(String connectString, String root, String zkAuthYaml, String mysqlUser,
            Path passwordFile, List<String> schemas) {
        return "# mysql-discovery CLI config for this sandbox (written by the sandbox; gone when it stops).\n"
                + "zookeeper:\n"
                + "  connectString: " + connectString + "\n"
                + "  root: " + root + "\n"
                + "  connectionTimeoutMillis: 3000\n"
                + zkAuthYaml
                + "mysql:\n"
                + "  user: " + mysqlUser + "\n"
                + "  passwordFile: " + passwordFile + "\n"
                + "knownSchemas: [" + String.join(", ", schemas) + "]\n";
    }

    /** The commands to look at the running sandbox, with this sandbox's paths. */
    public String guide(Path cliConfig) {
        String sync = suite.sync().configFile().toString();
        StringBuilder text = new StringBuilder();
        text.append("\nLook at it from another terminal, in this directory (installed from the Debian package:"
                + " mysql-discovery instead of cli/bin/mysql-discovery):\n");
        text.append("  export MYSQL_DISCOVERY_CONFIG=").append(cliConfig).append('\n');
        text.append("  cli/bin/mysql-discovery status --sync-config ").append(sync).append('\n');
        text.append("  cli/bin/mysql-discovery plan --config ").append(sync).append('\n');
        text.append("  cli/bin/mysql-discovery quarantine list\n");
        text.append("  cli/bin/mysql-discovery wait-converged --timeout 10s\n");
        text.append("  cli/bin/mysql-discovery hooks render --scheme http --role-agent-port ")
                .append(suite.roleAgentPort()).append(" --token-file ").append(suite.tokenFile()).append('\n');
        if (canFailOver()) {
            text.append("\nRun a failover: type here, then Enter (and watch status in the other terminal):\n");
            text.append("  switchover   planned: Orchestrator's graceful takeover of orders' primary by the next"
                    + " replica (drain hook, promotion, hook lines), with a writer running\n");
            text.append("  failover     unplanned: orders' primary host dies (kill -9 of mariadbd and its agents), the"
                    + " most advanced replica is promoted (once: the dead host stays dead)\n");
            text.append("  help         this list again;  Ctrl-C stops the sandbox\n");
        }
        return text.toString();
    }

    /** Reads commands until end of input; each command's failure is reported, never fatal to the sandbox. */
    public void run(BufferedReader in, PrintStream out) throws IOException {
        if (!canFailOver()) {
            return;
        }
        context.prepareWrites(FailoverScenarios.SCHEMA);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.strip().toLowerCase(Locale.ROOT);
            try {
                switch (command) {
                    case "" -> {
                    }
                    // Not a benchmark: held to every rule of the scenario but the clock (its first runs are
                    // JIT-cold; the budgets are measured by --scenario with warm-ups).
                    case "switchover" -> report(out, "switchover", failovers.plannedSwitchover(++runs,
                            1_000_000L * runs, new ArrayList<>(), writes, false));
                    case "failover" -> failover(out);
                    case "help", "?" -> out.println("commands: switchover, failover, help (Ctrl-C stops the sandbox)");
                    default -> out.println("unknown command " + command + ": switchover, failover or help");
                }
            } catch (RuntimeException e) {
                out.println(command + " FAILED: " + e.getMessage() + " (the sandbox keeps running)");
            }
        }
    }

    private void failover(PrintStream out) {
        if (primaryHostKilled) {
            out.println("failover: the primary's host was killed once already; switchover still works");
            return;
        }
        primaryHostKilled = true;
        report(out, "failover", failovers.unplannedFailover(++runs, 1_000_000L * runs, new ArrayList<>(), writes,
                true, false));
    }

    private static void report(PrintStream out, String what, ScenarioReport.Run run) {
        String writes = run.facts().get("writes") instanceof ScenarioReport.WriteStats w
                ? w.acknowledged() + " acknowledged, " + w.failed() + " failed, " + w.lost() + " lost, longest stall "
                        + w.maxStallMs() + " ms"
                : "-";
        Object routed = run.facts().get("hookToRoutedMs");
        out.printf("%s %s: primary %s -> %s;%s writes: %s%s%n", what,
                run.passed() ? "done" : "FAILED", run.facts().get("oldPrimary"), run.facts().get("newPrimary"),
                routed == null ? "" : " hook -> routed " + routed + " ms;", writes,
                run.passed() ? "" : " (" + run.reason() + ")");
    }
}
