package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.precheck.CrossDatacenter;
import org.mysqldiscovery.cli.precheck.Finding;
import org.mysqldiscovery.cli.precheck.JdbcProber;
import org.mysqldiscovery.cli.precheck.MysqlConnector;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.precheck.PrecheckCall;
import org.mysqldiscovery.cli.precheck.ReplicaAssessment;
import org.mysqldiscovery.cli.precheck.Verdict;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.zk.ZkSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code precheck}: refuse a failover that would lose or fork data (Orchestrator's {@code PreFailoverProcesses}, where
 * a non-zero exit aborts the failover). Ends within its deadline whatever the network does.
 */
@Command(name = "precheck", mixinStandardHelpOptions = true,
        description = {"Check that a cluster is fit to fail over: no errant transaction on any reachable replica"
                + " (a GTID outside the failed primary's known history), and at least one replica within"
                + " --max-lag-seconds of the most advanced known position. Unreachable replicas are reported, not"
                + " fatal unless none is reachable. Prints a one-line verdict first, then one line per finding.",
                "Orchestrator's PreFailoverProcesses line asks the resident `mysql-discovery serve` (the same"
                        + " precheck, no JVM start) and runs this command only when that service does not answer"
                        + " (role-agent/HOOKS.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:fit to fail over", "1:not fit (errant transaction, no replica within the lag bound,"
                + " none reachable, a replica that cannot be checked)",
                "2:usage or input error (malformed HOST:PORT, no credentials, unknown schema)"},
        footerHeading = "%nDatacenters (issue 18):%n",
        footer = {"With a ZooKeeper to read (the config's zookeeper section or --zookeeper), the datacenters of"
                + " the servers registered now are read while the replicas are probed. The check is refused when"
                + " the successor (--successor), or else every fit replica, is known to be in another datacenter"
                + " than the failed primary; a datacenter not known (the failed primary's registration is often"
                + " gone by now) is a warning, not a refusal. mysql-discovery serve remembers registrations and"
                + " knows more."})
public final class PrecheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    MysqlOptions mysql;

    @Option(names = "--cluster", paramLabel = "ALIAS", description = "The cluster's alias (for the report).")
    String cluster;

    @Option(names = "--failed", required = true, paramLabel = "HOST:PORT",
            converter = Converters.InstanceConverter.class, description = "The failed primary.")
    Instance failed;

    @Option(names = "--replicas", paramLabel = "H1:P1,H2:P2",
            description = "The failed primary's replicas, comma-separated (Orchestrator's {replicaHosts}).")
    String replicas;

    @Option(names = "--schema", paramLabel = "S", converter = Converters.SchemaConverter.class,
            description = "Also take the replicas registered for this schema in ZooKeeper.")
    SchemaName schema;

    @Option(names = "--max-lag-seconds", paramLabel = "N",
            description = "Largest acceptable lag of the best candidate (default: the config's, else 10).")
    Long maxLagSeconds;

    @Option(names = "--deadline", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Finish within this, whatever the network does (default: the config's, else 5s).")
    Duration deadline;

    @Option(names = "--successor", paramLabel = "HOST:PORT",
            description = "The server Orchestrator will promote, when known ({successorHost}:{successorPort}; left"
                    + " literal by Orchestrator before the promotion, which counts as not known). A promotion into"
                    + " another datacenter than the failed primary's is refused.")
    String successor;

    @Option(names = "--allow-cross-datacenter",
            description = "Only warn about a promotion into another datacenter than the failed primary's (default:"
                    + " the config's precheck.allowCrossDatacenter, else refuse it).")
    boolean allowCrossDatacenter;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    public PrecheckCommand(CliContext context) {
        this.context = context;
    }

    /** The {@code --json} document. */
    @JsonPropertyOrder({"verdict", "summary", "cluster", "failed", "maxLagSeconds", "deadlineMillis", "elapsedMillis",
            "mostAdvanced", "knownHistory", "replicas", "findings"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PrecheckReport(String verdict, String summary, String cluster, String failed, long maxLagSeconds,
            long deadlineMillis, long elapsedMillis, String mostAdvanced, String knownHistory,
            List<ReplicaAssessment> replicas, List<Finding> findings) {

        /** The document of one run; {@code notes} become INFO findings. */
        public static PrecheckReport of(Verdict verdict, String alias, Instance failed, long maxLag, Duration budget,
                long elapsedMillis, List<String> notes) {
            List<Finding> findings = new ArrayList<>(verdict.findings());
            notes.forEach(n -> findings.add(new Finding(Finding.Severity.INFO, Finding.Kind.NOTE, null, null, n)));
            return new PrecheckReport(verdict.pass() ? "pass" : "fail", verdict.summary(), alias, failed.spelling(),
                    maxLag, budget.toMillis(), elapsedMillis, verdict.mostAdvanced(), verdict.knownHistory(),
                    verdict.replicas(), findings);
        }
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        CliConfig config = common.config(context);
        long maxLag = maxLagSeconds != null ? maxLagSeconds : config.precheck().maxLagSeconds();
        if (maxLag < 0 || maxLag > 86_400) {
            throw CliException.usage("--max-lag-seconds " + maxLag + " is out of range 0..86400");
        }
        Duration budget = deadline != null ? deadline : Duration.ofMillis(config.precheck().deadlineMillis());
        if (budget.toMillis() < 500) {
            throw CliException.usage("--deadline must be at least 500ms");
        }
        if (cluster != null && (cluster.length() > 256 || cluster.chars().anyMatch(Character::isISOControl))) {
            throw CliException.usage("--cluster must be one line of at most 256 characters");
        }
        if (replicas == null && schema == null) {
            throw CliException.usage("name the replicas: --replicas H1:P1,H2:P2 (Orchestrator's {replicaHosts})"
                    + " and/or --schema S (from ZooKeeper)");
        }
        LinkedHashSet<Instance> members = new LinkedHashSet<>();
        try {
            members.addAll(Converters.parseInstanceList(replicas));
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw CliException.usage("--replicas: " + e.getMessage());
        }
        MysqlCredentials credentials = mysql.credentials(config).orElseThrow(() -> CliException.usage(
                "precheck needs MySQL credentials: --mysql-user and --mysql-password-file, or mysql in the config"));
        Optional<Instance> candidate;
        try {
            candidate = CrossDatacenter.successorFrom(successor);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--successor: " + e.getMessage());
        }
        boolean allowCross = allowCrossDatacenter || config.precheck().allowCrossDatacenter();
        List<String> notes = new ArrayList<>();
        boolean zookeeper = config.zookeeper() != null || common.zookeeper != null;
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "precheck-zookeeper");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<ClusterView> view = zookeeper ? readView(thread, common.zookeeper(context), budget) : null;
            if (schema != null) {
                if (view == null) {
                    throw CliException.usage("--schema needs ZooKeeper: --zookeeper CONNECT or a config with a"
                            + " zookeeper section");
                }
                members.addAll(replicasOf(view, budget.toMillis() / 2, start, notes));
            }
            JdbcProber prober = new JdbcProber(new MysqlConnector(credentials), mysql.connectTimeoutMillis(config));
            Verdict verdict = new PrecheckCall(failed, List.copyOf(members), maxLag, budget, start).run(prober, notes,
                    () -> datacenters(view, budget, start, candidate, allowCross));
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            print(verdict, maxLag, budget, elapsed, notes);
            return verdict.pass() ? ExitCodes.OK : ExitCodes.NOT_MET;
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * The datacenters of the servers registered now, waiting for the read at most until shortly before the deadline
     * (the probes ran meanwhile).
     */
    private static CrossDatacenter datacenters(Future<ClusterView> view, Duration budget, long start,
            Optional<Instance> candidate, boolean allowCross) {
        if (view == null) {
            return CrossDatacenter.unknown("no ZooKeeper to read: the config has no zookeeper section")
                    .withAllowed(allowCross).withSuccessor(candidate);
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(budget.toMillis() - DATACENTER_RESERVE_MILLIS)
                - (System.nanoTime() - start);
        try {
            ClusterView read = view.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
            java.util.Map<Instance, String> known = new java.util.HashMap<>();
            for (ClusterView.RegistrationEntry entry : read.registrations()) {
                if (entry.registration() != null && entry.registration().datacenter() != null
                        && !entry.registration().datacenter().isBlank()) {
                    known.put(entry.instance(), entry.registration().datacenter());
                }
            }
            return new CrossDatacenter(candidate, known, allowCross, "registrations in ZooKeeper now: "
                    + known.size() + " servers with a datacenter");
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            return CrossDatacenter.unknown("ZooKeeper not read: " + why).withAllowed(allowCross)
                    .withSuccessor(candidate);
        } catch (TimeoutException e) {
            return CrossDatacenter.unknown("ZooKeeper not read before the deadline").withAllowed(allowCross)
                    .withSuccessor(candidate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CrossDatacenter.unknown("interrupted while reading ZooKeeper").withAllowed(allowCross)
                    .withSuccessor(candidate);
        }
    }

    /** Time kept back from the deadline when waiting for the datacenters (to decide and print). */
    static final long DATACENTER_RESERVE_MILLIS = 150;

    /** The whole view (every schema: the datacenters of any server may matter), read within half the deadline. */
    private static Future<ClusterView> readView(ExecutorService thread, ZkSettings settings, Duration budget) {
        long zkBudgetMillis = budget.toMillis() / 2;
        ZkSettings bounded = settings.withConnection(settings.connectString(), settings.root(),
                (int) Math.max(10, Math.min(settings.connectionTimeoutMillis(), zkBudgetMillis)), 0);
        return thread.submit(() -> {
            try (ZkConnection zk = ZkConnection.open(bounded)) {
                return new ViewReader(zk.client(), zk.layout()).read(Optional.empty());
            }
        });
    }

    private void print(Verdict verdict, long maxLag, Duration budget, long elapsed, List<String> notes) {
        PrintWriter out = spec.commandLine().getOut();
        String alias = cluster == null ? "-" : cluster;
        if (json) {
            Json.print(out, PrecheckReport.of(verdict, alias, failed, maxLag, budget, elapsed, notes));
            return;
        }
        out.printf("%s [cluster %s, failed %s, %d ms]%n", verdict.summary(), Text.safe(alias), failed, elapsed);
        for (Finding finding : verdict.findings()) {
            out.println(Text.safe(finding.line()));
        }
        for (String note : notes) {
            out.println("info note: " + Text.safe(note));
        }
        out.flush();
    }

    /** Replicas registered for the schema, read within part of the deadline (ZooKeeper may be what is failing). */
    private List<Instance> replicasOf(Future<ClusterView> read, long zkBudgetMillis, long start, List<String> notes) {
        try {
            long wait = TimeUnit.MILLISECONDS.toNanos(zkBudgetMillis) - (System.nanoTime() - start);
            ClusterView view = read.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
            if (!view.schemas().contains(schema)) {
                throw CliException.usage("schema " + schema + " is unknown: no node under " + view.root() + "/mysql");
            }
            return view.in(schema).stream().filter(r -> r.role() != Role.PRIMARY)
                    .map(ClusterView.RegistrationEntry::instance).distinct().sorted().toList();
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            notes.add("replicas of schema " + schema + " not read from ZooKeeper: " + why);
            return List.of();
        } catch (TimeoutException e) {
            notes.add("replicas of schema " + schema + " not read from ZooKeeper within " + zkBudgetMillis + " ms");
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("interrupted while reading ZooKeeper");
            return List.of();
        }
    }
}
