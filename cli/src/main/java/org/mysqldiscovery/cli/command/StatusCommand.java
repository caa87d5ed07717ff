package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.SchemaName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code status}: what is routed where, quarantines, and whether every sync has applied the current view. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show schemas, their roles and instances from ZooKeeper, quarantines with their reasons and ages,"
                + " and every sync's last applied state and whether it has converged on the current view.",
                "Flags: double-primary (more than one primary that is not quarantined), no-primary,"
                        + " unknown-schema (registered, but not among the config's knownSchemas)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the view is healthy (no flag, no malformed node)",
                "1:a schema is flagged or a node is malformed",
                "2:usage or input error, unknown schema, ZooKeeper unreachable"})
public final class StatusCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--schema", paramLabel = "S", converter = Converters.SchemaConverter.class,
            description = "Only this schema (its registrations and the view's zxid).")
    SchemaName schema;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    public StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ClusterView view;
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            view = new ViewReader(zk.client(), zk.layout()).read(Optional.ofNullable(schema));
        } catch (ViewReadException e) {
            throw CliException.usage(e.getMessage());
        }
        StatusReport report = StatusReport.of(view, context.clock().instant(), Optional.ofNullable(schema),
                common.config(context).knownSchemaNames());
        if (schema != null && report.schemas().isEmpty()) {
            throw CliException.usage("schema " + schema + " is unknown: no node under " + view.root() + "/mysql,"
                    + " no sync reports it, and it is not among knownSchemas");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report);
        } else {
            render(out, report, context.clock().instant());
        }
        return report.healthy() ? ExitCodes.OK : ExitCodes.NOT_MET;
    }

    static void render(PrintWriter out, StatusReport report, Instant now) {
        out.printf("view %s at zxid %d: %s%n", report.root(), report.viewZxid(),
                report.healthy() ? "healthy" : "NOT HEALTHY");
        if (report.schemas().isEmpty()) {
            out.println("no schema registered");
        }
        for (StatusReport.SchemaStatus schema : report.schemas()) {
            out.printf("schema %s%s%n", schema.schema(), schema.flags().isEmpty() ? ""
                    : "  [" + schema.flags().stream().map(f -> f.toUpperCase(java.util.Locale.ROOT))
                            .collect(Collectors.joining(", ")) + "]");
            if (!schema.guards().isEmpty()) {
                out.printf("  guards: %s%n", schema.guards().entrySet().stream()
                        .map(e -> e.getKey() + "=" + Text.safe(e.getValue())).collect(Collectors.joining(" ")));
            }
            if (schema.instances().isEmpty()) {
                out.println("  (no registration)");
            }
            for (StatusReport.InstanceStatus i : schema.instances()) {
                StringBuilder line = new StringBuilder(String.format("  %-17s %-28s", i.role(), i.instance()));
                if (i.quarantined()) {
                    line.append(" QUARANTINED (node lingers)");
                }
                if (i.problem() != null) {
                    line.append(" MALFORMED: ").append(Text.safe(i.problem()));
                } else {
                    if (i.datacenter() != null) {
                        line.append(" dc=").append(Text.safe(i.datacenter()));
                    }
                    line.append(" weight=").append(i.weight()).append(" since ")
                            .append(Ages.since(i.registeredAt(), now));
                    if (i.agentVersion() != null) {
                        line.append(" agent=").append(Text.safe(i.agentVersion()));
                    }
                }
                out.println(line);
            }
        }
        out.printf("quarantines: %d%n", report.quarantines().size());
        for (StatusReport.QuarantineStatus q : report.quarantines()) {
            out.println("  " + QuarantineListCommand.line(q, now));
        }
        long converged = report.syncs().stream().filter(StatusReport.SyncStatusView::converged).count();
        out.printf("syncs: %d (%d converged on zxid %d)%n", report.syncs().size(), converged, report.viewZxid());
        for (StatusReport.SyncStatusView s : report.syncs()) {
            out.println("  " + syncLine(s, report.viewZxid(), now));
        }
        if (!report.problems().isEmpty()) {
            out.printf("problems: %d%n", report.problems().size());
            for (ClusterView.Problem p : report.problems()) {
                out.println("  " + Text.safe(p.message().startsWith(p.path()) ? p.message()
                        : p.path() + ": " + p.message()));
            }
        }
        out.flush();
    }

    static String syncLine(StatusReport.SyncStatusView s, long viewZxid, Instant now) {
        if (s.problem() != null) {
            return String.format("%-28s MALFORMED STATUS: %s", s.proxysql(), Text.safe(s.problem()));
        }
        StringBuilder line = new StringBuilder(String.format("%-28s %-7s applied zxid %d %s", s.proxysql(), Text.safe(s.mode()),
                s.appliedZxid(), Ages.since(s.appliedAt(), now)));
        line.append(s.converged() ? "  converged" : "  NOT CONVERGED (view zxid " + viewZxid + ")");
        if (Boolean.TRUE.equals(s.blind())) {
            line.append("  BLIND");
        }
        String guards = s.guards().entrySet().stream().filter(e -> !"ok".equals(e.getValue()))
                .map(e -> Text.safe(e.getKey()) + "=" + Text.safe(e.getValue())).collect(Collectors.joining(" "));
        if (!guards.isEmpty()) {
            line.append("  guards: ").append(guards);
        }
        return line.toString();
    }
}
