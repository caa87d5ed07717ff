package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--sync-config", paramLabel = "SYNC.yaml",
            description = "A proxysql-sync config (repeatable): read that ProxySQL's runtime_mysql_servers through its"
                    + " admin interface and show the hostgroups and weights it really holds per instance, and rows"
                    + " for instances without a registration.")
    List<Path> syncConfigs = new ArrayList<>();

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
        ProxySqlRoutes routes = syncConfigs.isEmpty() ? ProxySqlRoutes.NONE : ProxySqlRoutes.read(syncConfigs);
        StatusReport report = StatusReport.of(view, context.clock().instant(), Optional.ofNullable(schema),
                common.config(context).knownSchemaNames(), routes);
        if (schema != null && report.schemas().isEmpty()) {
            throw CliException.usage("schema " + schema + " is unknown: no node under " + view.root() + "/mysql,"
                    + " no sync reports it, and it is not among knownSchemas");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report);
        } else {
            render(out, report, context.clock().instant(), !syncConfigs.isEmpty());
        }
        return report.healthy() ? ExitCodes.OK : ExitCodes.NOT_MET;
    }

    static void render(PrintWriter out, StatusReport report, Instant now) {
        render(out, report, now, false);
    }

    /** Text for a person: a verdict first, then one table per schema and one for the syncs, with headers. */
    static void render(PrintWriter out, StatusReport report, Instant now, boolean proxysqlRead) {
        out.printf("view %s at zxid %d: %s%n", report.root(), report.viewZxid(),
                report.healthy() ? "healthy" : "NOT HEALTHY");
        if (report.schemas().isEmpty()) {
            out.println("no schema registered");
        }
        for (StatusReport.SchemaStatus schema : report.schemas()) {
            out.printf("%nschema %s%s%n", schema.schema(), schema.flags().isEmpty() ? ""
                    : "  [" + schema.flags().stream().map(f -> f.toUpperCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")) + "]");
            if (!schema.guards().isEmpty()) {
                out.printf("  guards: %s%n", schema.guards().entrySet().stream()
                        .map(e -> e.getKey() + "=" + Text.safe(e.getValue())).collect(Collectors.joining(" ")));
            }
            if (schema.instances().isEmpty()) {
                out.println("  (no registration)");
                continue;
            }
            Table table = new Table("ROLE", "INSTANCE", "STATE", "DC", "WEIGHT", "REGISTERED", "AGENT",
                    proxysqlRead ? "PROXYSQL RUNTIME" : null);
            for (StatusReport.InstanceStatus i : schema.instances()) {
                String state = i.problem() != null ? "MALFORMED: " + Text.safe(i.problem())
                        : i.quarantined() ? "QUARANTINED (node lingers)" : "registered";
                table.row(i.role(), i.instance(), state,
                        i.datacenter() == null ? "-" : Text.safe(i.datacenter()),
                        weight(i.weight()),
                        i.problem() != null ? "-" : Ages.since(i.registeredAt(), now),
                        i.agentVersion() == null ? "-" : Text.safe(i.agentVersion()),
                        proxysqlRead ? routes(i.proxysql()) : null);
            }
            table.print(out, "  ");
        }
        if (!proxysqlRead && !report.schemas().isEmpty()) {
            out.println("  (WEIGHT is what the registration asks for; \"default\": the sync's per-role default."
                    + " --sync-config SYNC.yaml shows the hostgroups and weights ProxySQL holds.)");
        }
        if (!report.strayRows().isEmpty()) {
            out.printf("%nproxysql rows without a registration: %d%n", report.strayRows().size());
            for (StatusReport.StrayRow stray : report.strayRows()) {
                out.printf("  %-28s %s%n", stray.instance(), routes(List.of(stray.route())));
            }
        }
        for (String error : report.proxysqlErrors()) {
            out.println("PROXYSQL NOT READ: " + Text.safe(error));
        }
        out.printf("%nquarantines: %d%n", report.quarantines().size());
        for (StatusReport.QuarantineStatus q : report.quarantines()) {
            out.println("  " + QuarantineListCommand.line(q, now));
        }
        long converged = report.syncs().stream().filter(StatusReport.SyncStatusView::converged).count();
        out.printf("%nsyncs: %d (%d converged on zxid %d)%n", report.syncs().size(), converged, report.viewZxid());
        if (!report.syncs().isEmpty()) {
            Table syncs = new Table("PROXYSQL", "MODE", "APPLIED ZXID", "APPLIED", "STATE", "GUARDS");
            for (StatusReport.SyncStatusView s : report.syncs()) {
                syncs.row(syncCells(s, report.viewZxid(), now));
            }
            syncs.print(out, "  ");
        }
        if (!report.problems().isEmpty()) {
            out.printf("%nproblems: %d%n", report.problems().size());
            for (ClusterView.Problem p : report.problems()) {
                out.println("  " + Text.safe(p.message().startsWith(p.path()) ? p.message()
                        : p.path() + ": " + p.message()));
            }
        }
        out.flush();
    }

    /** A registration's weight 0 asks the sync for its per-role default: "0" would read as "no traffic". */
    static String weight(Integer weight) {
        if (weight == null) {
            return "-";
        }
        return weight == 0 ? "default" : String.valueOf(weight);
    }

    static String routes(List<ProxySqlRoutes.Route> routes) {
        if (routes.isEmpty()) {
            return "NOT ROUTED";
        }
        return routes.stream().map(r -> r.proxysql() + ": hostgroup " + r.hostgroup()
                + (r.remote() ? " (remote)" : "") + " weight " + r.weight()
                + (org.mysqldiscovery.sync.plan.ServerRow.ONLINE.equals(r.status()) ? "" : " " + Text.safe(r.status())))
                .collect(Collectors.joining(", "));
    }

    static String[] syncCells(StatusReport.SyncStatusView s, long viewZxid, Instant now) {
        if (s.problem() != null) {
            return new String[] {s.proxysql(), "-", "-", "-", "MALFORMED STATUS: " + Text.safe(s.problem()), "-"};
        }
        String state = s.converged() ? "converged" : "NOT CONVERGED (view zxid " + viewZxid + ")";
        if (Boolean.TRUE.equals(s.blind())) {
            state += " BLIND";
        }
        String guards = s.guards().entrySet().stream().filter(e -> !"ok".equals(e.getValue()))
                .map(e -> Text.safe(e.getKey()) + "=" + Text.safe(e.getValue())).collect(Collectors.joining(" "));
        return new String[] {s.proxysql(), Text.safe(s.mode()), String.valueOf(s.appliedZxid()),
                Ages.since(s.appliedAt(), now), state, guards.isEmpty() ? "ok" : guards};
    }

    /** Columns padded to their widest cell; a null header drops its column. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final boolean[] shown;

        Table(String... headers) {
            shown = new boolean[headers.length];
            for (int c = 0; c < headers.length; c++) {
                shown[c] = headers[c] != null;
            }
            rows.add(headers);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out, String indent) {
            int[] width = new int[shown.length];
            for (String[] row : rows) {
                for (int c = 0; c < shown.length; c++) {
                    if (shown[c] && row[c] != null) {
                        width[c] = Math.max(width[c], row[c].length());
                    }
                }
            }
            int last = shown.length - 1;
            while (last > 0 && !shown[last]) {
                last--;
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder(indent);
                for (int c = 0; c <= last; c++) {
                    if (!shown[c]) {
                        continue;
                    }
                    String cell = row[c] == null ? "" : row[c];
                    line.append(c == last ? cell : String.format("%-" + width[c] + "s  ", cell));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
