package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarantine list}: who, when, why. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List quarantined instances: who quarantined them, when, why, and whether their registration"
                + " still lingers.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (possibly none)", "2:usage or input error, ZooKeeper unreachable"})
public final class QuarantineListCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    /** The {@code --json} document. */
    @JsonPropertyOrder({"root", "quarantines"})
    public record QuarantineList(String root, List<StatusReport.QuarantineStatus> quarantines) {
    }

    public QuarantineListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ClusterView view;
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            view = new ViewReader(zk.client(), zk.layout()).read(Optional.empty());
        } catch (ViewReadException e) {
            throw CliException.usage(e.getMessage());
        }
        Instant now = context.clock().instant();
        List<StatusReport.QuarantineStatus> quarantines = view.quarantines().stream()
                .sorted(java.util.Comparator.comparing(ClusterView.QuarantineEntry::instance))
                .map(q -> StatusReport.quarantine(q, view, now)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, new QuarantineList(view.root(), quarantines));
        } else {
            if (quarantines.isEmpty()) {
                out.println("no instance is quarantined");
            }
            quarantines.forEach(q -> out.println(line(q, now)));
            out.flush();
        }
        return ExitCodes.OK;
    }

    static String line(StatusReport.QuarantineStatus q, Instant now) {
        StringBuilder line = new StringBuilder(String.format("%-28s", q.instance()));
        if (q.problem() != null) {
            line.append(" MALFORMED (still quarantined): ").append(Text.safe(q.problem()));
            return line.toString();
        }
        // To the second: an operator compares it with logs and Orchestrator's recovery times, not nanoseconds.
        line.append(" since ").append(q.createdAt() == null ? "unknown"
                : q.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(" (").append(Ages.since(q.createdAt(), now))
                .append(") by ").append(Text.safe(q.createdBy())).append(": ").append(Text.safe(q.reason()));
        if (q.recoveryUid() != null) {
            line.append(" [recovery ").append(Text.safe(q.recoveryUid())).append(']');
        }
        if (!q.registeredAs().isEmpty()) {
            line.append(" [still registered as ").append(String.join(", ", q.registeredAs())).append(']');
        }
        return line.toString();
    }
}
