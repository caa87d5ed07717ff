package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.sync.config.SyncConfig;
import org.mysqldiscovery.sync.plan.Plan;
import org.mysqldiscovery.sync.plan.Planner;
import org.mysqldiscovery.sync.plan.RuntimeCheck;
import org.mysqldiscovery.sync.proxysql.AdminEndpoint;
import org.mysqldiscovery.sync.proxysql.AdminException;
import org.mysqldiscovery.sync.proxysql.HostgroupConflictException;
import org.mysqldiscovery.sync.proxysql.ProxySqlAdmin;
import org.mysqldiscovery.sync.proxysql.ProxySqlApplier;
import org.mysqldiscovery.sync.proxysql.ProxySqlState;
import org.mysqldiscovery.sync.registry.RegistryException;
import org.mysqldiscovery.sync.registry.ViewRead;
import org.mysqldiscovery.common.zk.ZkIdentities;
import org.mysqldiscovery.sync.registry.RegistrationTrust;
import org.mysqldiscovery.sync.registry.ViewReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plan --config SYNC.yaml}: what that sync would write to its ProxySQL now, computed by the sync's own config
 * loader and planner from the view in ZooKeeper and the rows in ProxySQL. Reads only: nothing is written anywhere.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what proxysql-sync, with this config, would write to its ProxySQL now (a dry run: reads"
                + " ZooKeeper and the ProxySQL admin, writes nothing). Uses the sync's own config loader and planner,"
                + " so guards (double primary, mass removal, hostgroup conflict) show as the sync would apply them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing to change",
                "1:changes pending, or a guard refuses part or all of the view",
                "2:usage or input error (invalid sync config), ZooKeeper or the ProxySQL admin unreachable"})
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "SYNC.yaml", description = "The sync's config file.")
    Path config;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    @Override
    public Integer call() {
        SyncConfig sync;
        try {
            sync = SyncConfig.load(config);
        } catch (ConfigException e) {
            throw CliException.usage("sync config: " + e.getMessage());
        }
        Planner planner = sync.planner();
        ViewRead read;
        try (ZkConnection zk = ZkConnection.open(sync.zookeeper(), ZkIdentities.Kind.SYNC)) {
            read = ViewReader.read(zk.client(), zk.layout(), RegistrationTrust.of(sync.zookeeper()));
        } catch (RegistryException e) {
            throw CliException.usage(e.getMessage());
        }
        AdminEndpoint endpoint = AdminEndpoint.of(sync.proxysql());
        ProxySqlState state;
        String conflict = null;
        try (ProxySqlAdmin admin = new ProxySqlAdmin(endpoint)) {
            ProxySqlApplier applier = new ProxySqlApplier(admin, planner.map().managedHostgroups());
            state = applier.read();
            try {
                applier.checkOwnership();
            } catch (HostgroupConflictException e) {
                conflict = e.getMessage();
            }
        } catch (AdminException e) {
            throw CliException.usage("cannot read " + endpoint + ": " + e.getMessage());
        }
        Plan plan = planner.plan(read.view(), state.config());
        PlanReport report = PlanReport.of(sync.proxysql().admin(), plan, conflict,
                RuntimeCheck.matches(state.config(), state.runtime()), read.problems());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report);
        } else {
            render(out, report);
        }
        boolean nothingToDo = !report.wouldChange() && report.complete();
        return nothingToDo ? ExitCodes.OK : ExitCodes.NOT_MET;
    }

    static void render(PrintWriter out, PlanReport r) {
        String verdict;
        if (r.hostgroupConflict() != null) {
            verdict = "REFUSED: the sync writes nothing while a managed hostgroup is in mysql_replication_hostgroups";
        } else if (r.massRemoval() != null) {
            verdict = "REFUSED: mass removal (" + r.massRemoval().removed() + " of " + r.massRemoval().total()
                    + " servers, limit " + Math.round(r.massRemoval().limitFraction() * 100) + "%): nothing changes";
        } else if (!r.wouldChange()) {
            verdict = "no change: ProxySQL already holds the plan";
        } else {
            verdict = r.upserts().size() + " row(s) to write, " + r.deletes().size() + " to delete";
        }
        out.printf("plan for %s: %s (digest %s)%n", r.proxysql(), verdict, r.digest());
        if (r.hostgroupConflict() != null) {
            out.println("  " + Text.safe(r.hostgroupConflict()));
        }
        for (PlanReport.Key d : r.deletes()) {
            out.printf("  - hostgroup %d %s:%d%n", d.hostgroupId(), Text.safe(d.hostname()), d.port());
        }
        for (PlanReport.Row u : r.upserts()) {
            out.printf("  + hostgroup %d %s:%d %s weight=%d max_connections=%d comment=%s%n", u.hostgroupId(),
                    Text.safe(u.hostname()), u.port(), u.status(), u.weight(), u.maxConnections(),
                    Text.safe(u.comment()));
        }
        for (PlanReport.SchemaGuard g : r.schemas()) {
            if (!g.guard().equals("ok")) {
                out.printf("  schema %s: %s%s (primaries: %s)%n", g.schema(), g.guard(),
                        g.refused() ? ", refused: its rows stay as they are" : "",
                        g.primaries().isEmpty() ? "none" : String.join(", ", g.primaries()));
            }
        }
        if (!r.runtimeMatchesConfig()) {
            out.println("  note: runtime_mysql_servers differs from mysql_servers in the managed hostgroups (a LOAD"
                    + " is pending, or ProxySQL was edited by hand)");
        }
        if (!r.unknownSchemas().isEmpty()) {
            out.println("  not routed: schemas registered but not in this sync's hostgroups: "
                    + String.join(", ", r.unknownSchemas()));
        }
        if (r.skippedQuarantined() > 0) {
            out.printf("  not routed: %d registration(s) of quarantined instances%n", r.skippedQuarantined());
        }
        if (r.skippedUnmapped() > 0) {
            out.printf("  not routed: %d registration(s) whose role has no hostgroup%n", r.skippedUnmapped());
        }
        for (Map.Entry<String, String> ignored : r.ignoredNodes().entrySet()) {
            out.printf("  ignored node %s: %s%n", Text.safe(ignored.getKey()), Text.safe(ignored.getValue()));
        }
        out.flush();
    }
}
