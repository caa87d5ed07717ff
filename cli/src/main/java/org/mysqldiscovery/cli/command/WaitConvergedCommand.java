package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.convergence.Convergence;
import org.mysqldiscovery.common.convergence.ConvergenceRules;
import org.mysqldiscovery.common.model.SchemaName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wait-converged}: returns once every live sync has applied the view as it is when the command starts. The
 * target is fixed at start (the zxid of the latest change under {@code mysql/} — or {@code mysql/<schema>/} — and
 * {@code quarantine/}), so a view that keeps changing cannot starve the wait; syncs are re-read on every poll, so a
 * sync that appears meanwhile must converge too, and one that dies is no longer waited for.
 */
@Command(name = "wait-converged", mixinStandardHelpOptions = true,
        description = {"Wait until every live sync (sync/* status nodes, dry-run ones excepted) has applied the"
                + " current view: its appliedZxid reaches the zxid of the latest change under mysql/ (or"
                + " mysql/<schema>/ with --schema) and quarantine/, and it is not blind.",
                "With no live sync at all, nothing can be confirmed: that is a timeout unless --allow-no-syncs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every live sync has applied the view",
                "1:timeout (the laggards are listed)",
                "2:usage or input error, unknown schema, ZooKeeper unreachable"})
public final class WaitConvergedCommand implements Callable<Integer> {
    static final long POLL_MILLIS = 50;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--schema", paramLabel = "S", converter = Converters.SchemaConverter.class,
            description = "Only changes of this schema (and quarantines) count.")
    SchemaName schema;

    @Option(names = "--timeout", required = true, paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How long to wait, e.g. 30s, 2m (0s: check once).")
    Duration timeout;

    @Option(names = "--allow-no-syncs", description = "Succeed when no sync is live (nothing to wait for).")
    boolean allowNoSyncs;

    @Option(names = "--json", description = "Print the documented JSON document instead of text (also on a timeout;"
            + " the reason then goes to stderr too).")
    boolean json;

    /**
     * The {@code --json} document.
     *
     * @param converged    every live sync has applied the view (or none is live and --allow-no-syncs)
     * @param viewZxid     the view's zxid the syncs had to reach (fixed when the command started)
     * @param liveSyncs    the syncs counted (dry-run ones excepted)
     * @param waitedMillis how long the command waited
     * @param laggards     the syncs that had not applied it, with their applied zxid
     * @param reason       why it did not converge; null when it did
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"converged", "viewZxid", "liveSyncs", "waitedMillis",
            "laggards", "reason"})
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record WaitReport(boolean converged, long viewZxid, int liveSyncs, long waitedMillis, List<String> laggards,
            String reason) {
    }

    public WaitConvergedCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        long until = start + timeout.toNanos();
        PrintWriter out = spec.commandLine().getOut();
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            ViewReader reader = new ViewReader(zk.client(), zk.layout());
            ClusterView view = reader.read(Optional.ofNullable(schema));
            if (schema != null && !view.schemas().contains(schema)) {
                throw CliException.usage("schema " + schema + " is unknown: no node under " + view.root() + "/mysql");
            }
            long target = view.zxid();
            List<String> laggards;
            int live;
            String readFailure = null;
            while (true) {
                List<String> lagging = new ArrayList<>();
                int counted = 0;
                boolean confirmed = false;
                try {
                    List<ClusterView.SyncEntry> syncs = reader.readSyncs(new ArrayList<>());
                    // The suite's one rule (the drain's too); laggards are listed in the order they were read.
                    Convergence convergence = ConvergenceRules.evaluate(target,
                            syncs.stream().map(StatusReport::observation).toList());
                    Map<String, Convergence.SyncVerdict> verdicts = new HashMap<>();
                    convergence.syncs().forEach(v -> verdicts.put(v.node(), v));
                    for (ClusterView.SyncEntry sync : syncs) {
                        Convergence.SyncVerdict verdict = verdicts.get(sync.proxysql().spelling());
                        switch (verdict.state()) {
                            case UNREADABLE -> lagging.add(sync.proxysql() + " (malformed status: "
                                    + Text.safe(sync.problem()) + ")");
                            case BEHIND, BLIND -> lagging.add(sync.proxysql() + " (applied zxid "
                                    + verdict.appliedZxid()
                                    + (verdict.state() == Convergence.SyncState.BLIND ? ", blind" : "") + ")");
                            case APPLIED, DRY_RUN -> {
                                // converged, or not waited for
                            }
                        }
                    }
                    counted = convergence.waitedFor();
                    confirmed = convergence.confirmed();
                    readFailure = null;
                } catch (ViewReadException e) {
                    // A blip while waiting is not the answer: keep trying until the timeout.
                    readFailure = e.getMessage();
                }
                laggards = lagging;
                live = counted;
                boolean done = readFailure == null && confirmed && (counted > 0 || allowNoSyncs);
                if (done) {
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (json) {
                        Json.print(out, new WaitReport(true, target, counted, waited, List.of(), null));
                        return ExitCodes.OK;
                    }
                    if (counted == 0) {
                        out.printf("no live sync: nothing to wait for (view zxid %d)%n", target);
                    } else {
                        out.printf("converged: %d sync(s) applied the view at zxid %d (waited %d ms)%n", counted,
                                target, waited);
                    }
                    out.flush();
                    return ExitCodes.OK;
                }
                if (System.nanoTime() >= until) {
                    break;
                }
                pause(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
            }
            CliException failure;
            if (readFailure != null) {
                failure = CliException.usage("gave up after " + timeout.toMillis() + " ms: " + readFailure);
            } else if (live == 0) {
                failure = CliException.notMet("not converged within " + timeout.toMillis() + " ms: no live sync under "
                        + zk.layout().syncRoot() + " to confirm the view at zxid " + target
                        + " (pass --allow-no-syncs if that is expected)");
            } else {
                failure = CliException.notMet("not converged on zxid " + target + " within " + timeout.toMillis()
                        + " ms; laggards: " + String.join(", ", laggards));
            }
            if (json) {
                Json.print(out, new WaitReport(false, target, live,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), laggards, failure.getMessage()));
            }
            throw failure;
        } catch (ViewReadException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.USAGE, "interrupted");
        }
    }
}
