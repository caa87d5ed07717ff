package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.zookeeper.KeeperException;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.precheck.MysqlConnector;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.common.model.SchemaName;
import org.mysqldiscovery.common.page.AsyncPager;
import org.mysqldiscovery.common.page.PageDeliveryException;
import org.mysqldiscovery.common.page.PageEvent;
import org.mysqldiscovery.common.page.PageTransport;
import org.mysqldiscovery.common.page.PagerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quarantine clear}: put an instance back. Refused while the instance is writable and claims primary while
 * another primary is registered in its schema: clearing it would make a double primary.
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Clear a quarantine, so the instance's health agent registers it again.",
                "Refused when the instance is still writable (read_only=0) and claims primary (a registration under"
                        + " mysql/<schema>/primary/ exists for it, or it replicates from nobody) while another"
                        + " primary is registered in its schema (from its registrations or --schema; when unknown,"
                        + " every schema). Checking needs MySQL credentials (--mysql-user/--mysql-password-file or"
                        + " the config's mysql section); when it cannot be checked, the clear needs --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:cleared",
                "1:refused (writable and claims primary while another primary is registered, or this could not"
                        + " be checked without --force, or the quarantine changed meanwhile)",
                "2:usage or input error (malformed HOST:PORT, not quarantined), ZooKeeper unreachable"})
public final class QuarantineClearCommand implements Callable<Integer> {
    private static final int RESOLVE_ATTEMPTS = 3;
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    MysqlOptions mysql;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Converters.InstanceConverter.class,
            description = "The quarantined instance (IPv6 as [addr]:port).")
    Instance instance;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why it may come back (printed for your records).")
    String reason;

    @Option(names = "--schema", paramLabel = "S", converter = Converters.SchemaConverter.class,
            description = "The instance's schema, when it has no registration to tell (narrows the check).")
    SchemaName schema;

    @Option(names = "--force", description = "Clear without the writability check (or despite it).")
    boolean force;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    public QuarantineClearCommand(CliContext context) {
        this.context = context;
    }

    static String checkReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw CliException.usage("--reason must not be empty");
        }
        if (reason.length() > QuarantineRecord.MAX_TEXT) {
            throw CliException.usage("--reason is longer than " + QuarantineRecord.MAX_TEXT + " characters");
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw CliException.usage("--reason must be one line of text (no control characters)");
        }
        return reason.strip();
    }

    @Override
    public Integer call() {
        String why = checkReason(reason);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliConfig config = common.config(context);
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            ClusterView view = new ViewReader(zk.client(), zk.layout()).read(Optional.empty());
            ClusterView.QuarantineEntry quarantine = view.quarantine(instance).orElseThrow(() -> CliException.usage(
                    instance + " is not quarantined" + (view.quarantines().isEmpty() ? " (nothing is)"
                            : " (quarantined: " + String.join(", ", view.quarantines().stream()
                                    .map(q -> q.instance().spelling()).sorted().limit(10).toList()) + ")")));

            List<String> warnings = new java.util.ArrayList<>();
            List<String> others = otherPrimaries(view);
            if (!others.isEmpty()) {
                String blocker = blocker(view, others, config);
                if (blocker != null) {
                    if (!force) {
                        throw CliException.notMet("refused to clear " + instance + ": " + blocker);
                    }
                    warnings.add("--force: clearing although " + blocker);
                    err.println("warning: --force: clearing although " + blocker);
                }
            }

            String path = zk.layout().quarantinePath(instance);
            try {
                // Versioned: a quarantine re-written meanwhile (a new failover) is not cleared by this decision.
                zk.client().delete().withVersion(quarantine.version()).forPath(path);
            } catch (KeeperException.BadVersionException e) {
                throw CliException.notMet("the quarantine of " + instance + " changed while it was being checked"
                        + " (a new failover?); look again with `quarantine list` and retry");
            } catch (KeeperException.NoNodeException e) {
                String detail = instance + " is no longer quarantined (cleared by someone else meanwhile)";
                if (json) {
                    Json.print(out, new ActionReport("quarantine clear", "already-cleared", instance.spelling(),
                            detail, warnings));
                } else {
                    out.println(detail);
                }
                out.flush();
                return ExitCodes.OK;
            } catch (KeeperException.NoAuthException e) {
                throw CliException.usage("ZooKeeper refused to delete " + path + ": no permission (this CLI's"
                        + " identity must be among zookeeper.auth.identities.operators; observers only read)");
            } catch (Exception e) {
                throw CliException.usage(ZkFailures.describe("cannot delete " + path, e));
            }
            QuarantineRecord was = quarantine.record();
            String detail = String.format("cleared quarantine of %s by %s: %s (was: %s)", instance,
                    context.user().get(), Text.safe(why), was == null ? "malformed record"
                            : Text.safe(was.reason()) + ", by " + Text.safe(was.createdBy()) + " at " + was.createdAt());
            String resolved = was != null && was.noticeKey() != null
                    ? resolveNotice(was.noticeKey(), config, err, warnings) : null;
            if (json) {
                Json.print(out, new ActionReport("quarantine clear", "cleared", instance.spelling(),
                        resolved == null ? detail : detail + "; " + resolved, warnings));
            } else {
                out.println(detail);
                if (resolved != null) {
                    out.println(resolved);
                }
            }
            out.flush();
            err.flush();
            return ExitCodes.OK;
        } catch (ViewReadException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /**
     * Resolves the failover notice the promotion paged (its key is in the quarantine record): the incident ends with
     * the quarantine. A few quick attempts on 429/5xx/no answer (an operator waits), never more; when it cannot be
     * sent the CLI says which key to resolve by hand. The quarantine stays cleared either way.
     */
    private String resolveNotice(String key, CliConfig config, PrintWriter err, List<String> warnings) {
        PagerSettings pager = config.pager();
        if (pager == null || pager.kind().equals("log")) {
            warn(err, warnings, String.format("failover notice %s stays open: no pager in the config (pager, as the"
                    + " role agents'); resolve it in your pager", Text.safe(key)));
            return null;
        }
        PageTransport transport = pager.transport();
        PageEvent resolve = PageEvent.resolve(key, "mysql-discovery-cli:" + context.user().get());
        String last = null;
        for (int attempt = 1; attempt <= RESOLVE_ATTEMPTS; attempt++) {
            try {
                transport.deliver(resolve);
                return String.format("resolved failover notice %s via %s", Text.safe(key), transport.describe());
            } catch (PageDeliveryException e) {
                last = e.getMessage();
                if (!e.retryable()) {
                    break;
                }
            }
            if (attempt < RESOLVE_ATTEMPTS) {
                try {
                    Thread.sleep(AsyncPager.backoff(attempt, Duration.ofMillis(250), Duration.ofSeconds(2)).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        warn(err, warnings, String.format("could not resolve failover notice %s via %s (%s): resolve it in your"
                + " pager",
                Text.safe(key), transport.describe(), Text.safe(String.valueOf(last))));
        return null;
    }

    private static void warn(PrintWriter err, List<String> warnings, String warning) {
        warnings.add(warning);
        err.println("warning: " + warning);
    }

    /** Registered primaries, not quarantined, other than this instance, in the instance's schemas. */
    private List<String> otherPrimaries(ClusterView view) {
        SortedSet<SchemaName> schemas = new TreeSet<>();
        view.registrationsOf(instance).forEach(r -> schemas.add(r.schema()));
        if (schema != null) {
            schemas.add(schema);
        }
        if (schemas.isEmpty()) {
            // Its schema is unknown: any other primary could be the one it would fight with.
            schemas.addAll(view.allSchemas());
        }
        List<String> others = new ArrayList<>();
        for (SchemaName s : schemas) {
            for (Instance primary : view.effectivePrimaries(s)) {
                if (!primary.equals(instance)) {
                    others.add(primary.spelling() + " (schema " + s + ")");
                }
            }
        }
        return others;
    }

    /** Why clearing is unsafe, or null when it is safe; a failed check is a reason too. */
    private String blocker(ClusterView view, List<String> others, CliConfig config) {
        String otherText = String.join(", ", others.subList(0, Math.min(5, others.size())));
        boolean registeredPrimary = view.registrationsOf(instance).stream().anyMatch(r -> r.role() == Role.PRIMARY);
        Optional<MysqlCredentials> credentials = mysql.credentials(config);
        if (credentials.isEmpty()) {
            return "cannot check whether " + instance + " is writable: no MySQL credentials (--mysql-user and"
                    + " --mysql-password-file, or mysql in the config), and " + otherText + " is registered as"
                    + " primary; pass --force to clear without checking";
        }
        WritabilityProbe.Result result = new WritabilityProbe(new MysqlConnector(credentials.get()),
                mysql.connectTimeoutMillis(config)).probe(instance);
        if (result.state() == null) {
            return "cannot check whether " + instance + " is writable (" + result.failure() + "); it may come back"
                    + " writable while " + otherText + " is registered as primary; pass --force to clear anyway";
        }
        WritabilityProbe.State state = result.state();
        boolean claimsPrimary = registeredPrimary || !state.replicationConfigured();
        if (state.writable() && claimsPrimary) {
            String claim = registeredPrimary ? "its registration under primary/ lingers"
                    : "it replicates from nobody";
            return instance + " is writable (read_only=0) and claims primary (" + claim + ") while " + otherText
                    + " is registered as primary: make it read-only and a replica first, or pass --force";
        }
        return null;
    }
}
