package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.zk.ZkAclPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zk-acl fix}: creates the root and its parents and gives every node under the root the suite's ACL. */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = {"Create the root and the parents mysql/, proxysql/, quarantine/ and sync/ when missing, then"
                + " set the suite's ACL on every node under the root whose ACL differs (a tree created before"
                + " ACLs: world:anyone). Run it once per deployment, with the operator identity, before the"
                + " programs start; again after the identities change.",
                "Each ACL is set with its ACL version (a concurrent change makes that node fail, not be"
                        + " overwritten). A node nobody of the suite may administer needs ZooKeeper's super user:"
                        + " --super-password-file (the server started with"
                        + " -Dzookeeper.DigestAuthenticationProvider.superDigest=super:DIGEST)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every ACL is the suite's now", "1:some could not be fixed (listed)",
                "2:usage or input error, ZooKeeper unreachable"})
public final class ZkAclFixCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--super-password-file", paramLabel = "FILE",
            description = "File holding the password of ZooKeeper's super user, to fix nodes the operator identity"
                    + " may not administer.")
    Path superPasswordFile;

    @Option(names = "--dry-run", description = "Only print what would change.")
    boolean dryRun;

    public ZkAclFixCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SecretFile superPassword = null;
        if (superPasswordFile != null) {
            try {
                superPassword = SecretFile.read(superPasswordFile);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--super-password-file: " + e.getMessage());
            }
        }
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            ZkAclPolicy policy = zk.settings().aclPolicy();
            if (policy.isOpen()) {
                throw CliException.usage("zk-acl fix needs the operator identity (zookeeper.auth in --config):"
                        + " without it there is no ACL to set");
            }
            if (superPassword != null) {
                try {
                    zk.client().getZookeeperClient().getZooKeeper().addAuthInfo("digest",
                            ("super:" + superPassword.value()).getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw CliException.usage(ZkFailures.describe("cannot add the super identity", e));
                }
            }
            int failed = 0;
            if (!dryRun) {
                for (String parent : policy.layout().persistentParents()) {
                    try {
                        zk.client().create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                                .forPath(parent);
                        out.printf("created %s%n", parent);
                    } catch (KeeperException.NodeExistsException e) {
                        // Already there: its ACL is checked below like every other node.
                    } catch (Exception e) {
                        failed++;
                        out.printf("failed %s: %s%n", parent, ZkFailures.describe("cannot create it", e));
                    }
                }
            }
            List<ZkAclWalk.Finding> findings = new ZkAclWalk(zk.client(), policy).walk();
            int fixed = 0;
            for (ZkAclWalk.Finding f : findings) {
                if (f.matches()) {
                    continue;
                }
                if (dryRun) {
                    out.printf("would set %s: has %s, wants %s%n", Text.safe(f.path()), f.actualText(),
                            f.expectedText());
                    continue;
                }
                try {
                    zk.client().setACL().withVersion(f.aclVersion()).withACL(f.expected()).forPath(f.path());
                    fixed++;
                    out.printf("set %s: was %s%n", Text.safe(f.path()), f.actualText());
                } catch (KeeperException.NoNodeException e) {
                    // Gone meanwhile (an ephemeral registration): nothing to fix.
                } catch (Exception e) {
                    failed++;
                    out.printf("failed %s: %s%n", Text.safe(f.path()), ZkFailures.describe("cannot set its ACL", e)
                            + (e instanceof KeeperException.NoAuthException
                            ? " (the operator may not administer it: --super-password-file)" : ""));
                }
            }
            out.printf("%d nodes, %d ACLs set, %d failed%s%n", findings.size(), fixed, failed,
                    dryRun ? " (dry run)" : "");
            out.flush();
            return failed == 0 ? ExitCodes.OK : ExitCodes.NOT_MET;
        }
    }
}
