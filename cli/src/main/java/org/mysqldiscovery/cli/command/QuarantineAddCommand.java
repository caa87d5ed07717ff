package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.cli.view.ClusterView;
import org.mysqldiscovery.cli.view.ViewReadException;
import org.mysqldiscovery.cli.view.ViewReader;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.model.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarantine add}: take an instance out of rotation until an operator clears it. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Quarantine an instance: every sync stops routing to it, and its health agent stops"
                + " registering it, until `quarantine clear`.",
                "The instance must be spelled exactly as it is registered (as Orchestrator names it); an instance"
                        + " that is not registered now (down, or a typo) needs --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:quarantined (or already quarantined: the existing record is kept)",
                "2:usage or input error (malformed HOST:PORT, instance not registered without --force),"
                        + " ZooKeeper unreachable"})
public final class QuarantineAddCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Converters.InstanceConverter.class,
            description = "The instance, as registered (IPv6 as [addr]:port).")
    Instance instance;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the quarantine).")
    String reason;

    @Option(names = "--force", description = "Quarantine even though the instance is not registered now.")
    boolean force;

    @Option(names = "--json", description = "Print the documented JSON document instead of text.")
    boolean json;

    public QuarantineAddCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String why = QuarantineClearCommand.checkReason(reason);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            ClusterView view = new ViewReader(zk.client(), zk.layout()).read(Optional.empty());
            Optional<ClusterView.QuarantineEntry> existing = view.quarantine(instance);
            if (existing.isPresent()) {
                return alreadyQuarantined(out, existing.get(), view);
            }
            List<ClusterView.RegistrationEntry> registrations = view.registrationsOf(instance);
            if (registrations.isEmpty() && !force) {
                throw CliException.usage(instance + " is not registered under any schema, so a quarantine might be"
                        + " a typo that keeps nothing out" + suggestions(view) + "; pass --force to quarantine an"
                        + " instance that is not registered now (e.g. down)");
            }
            QuarantineRecord record = new QuarantineRecord(why, "cli:" + context.user().get(),
                    context.clock().instant(), null);
            String path = zk.layout().quarantinePath(instance);
            try {
                zk.client().create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                        .forPath(path, PayloadCodec.encode(record));
            } catch (KeeperException.NodeExistsException e) {
                // Someone quarantined it between our read and our write: theirs stands.
                ClusterView again = new ViewReader(zk.client(), zk.layout()).read(Optional.empty());
                Optional<ClusterView.QuarantineEntry> now = again.quarantine(instance);
                if (now.isPresent()) {
                    return alreadyQuarantined(out, now.get(), again);
                }
                throw CliException.usage("quarantine of " + instance + " appeared and vanished while writing; retry");
            } catch (KeeperException.NoAuthException e) {
                throw CliException.usage("ZooKeeper refused to create " + path + ": no permission (this CLI's"
                        + " identity must be among zookeeper.auth.identities.operators; observers only read)");
            } catch (Exception e) {
                throw CliException.usage(ZkFailures.describe("cannot create " + path, e));
            }
            List<String> warnings = new java.util.ArrayList<>();
            for (ClusterView.RegistrationEntry r : registrations) {
                if (r.role() == Role.PRIMARY && view.effectivePrimaries(r.schema()).equals(List.of(instance))) {
                    warnings.add(String.format("%s was the only primary of schema %s: its writer hostgroup is now"
                            + " empty (ProxySQL holds writes, then fails them)", instance, r.schema()));
                }
            }
            String detail = String.format("quarantined %s: %s", instance, Text.safe(why));
            if (json) {
                Json.print(out, new ActionReport("quarantine add", "quarantined", instance.spelling(), detail,
                        warnings));
            } else {
                out.println(detail);
            }
            warnings.forEach(w -> err.println("warning: " + w));
            out.flush();
            err.flush();
            return ExitCodes.OK;
        } catch (ViewReadException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private int alreadyQuarantined(PrintWriter out, ClusterView.QuarantineEntry q, ClusterView view) {
        String detail = "already quarantined (kept as it is): "
                + QuarantineListCommand.line(StatusReport.quarantine(q, view, context.clock().instant()),
                context.clock().instant());
        if (json) {
            Json.print(out, new ActionReport("quarantine add", "already-quarantined", instance.spelling(), detail,
                    List.of()));
        } else {
            out.println(detail);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Registered instances that look like what was typed (same port, or same host). */
    private String suggestions(ClusterView view) {
        List<String> near = view.registrations().stream().map(ClusterView.RegistrationEntry::instance).distinct()
                .filter(i -> i.port() == instance.port() || i.host().equalsIgnoreCase(instance.host()))
                .sorted().limit(5).map(Instance::spelling).toList();
        return near.isEmpty() ? "" : " (registered with the same host or port: " + String.join(", ", near) + ")";
    }
}
