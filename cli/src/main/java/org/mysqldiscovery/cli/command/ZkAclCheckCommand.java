package org.mysqldiscovery.cli.command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mysqldiscovery.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zk-acl check}: lists every node under the root whose ACL is not the suite's. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"List every node under the root whose ACL differs from the one the suite writes (a tree"
                + " created without ACLs, a node created by a stranger). Read-only."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every ACL is the suite's", "1:some differ (listed)",
                "2:usage or input error, ZooKeeper unreachable"})
public final class ZkAclCheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    public ZkAclCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ZkConnection zk = ZkConnection.open(common.zookeeper(context))) {
            List<ZkAclWalk.Finding> findings = new ZkAclWalk(zk.client(), zk.settings().aclPolicy()).walk();
            int wrong = 0;
            for (ZkAclWalk.Finding f : findings) {
                if (!f.matches()) {
                    wrong++;
                    out.printf("differs %s: has %s, wants %s%n", Text.safe(f.path()), f.actualText(),
                            f.expectedText());
                }
            }
            out.printf("%d nodes, %d with an ACL that is not the suite's%n", findings.size(), wrong);
            out.flush();
            return wrong == 0 ? ExitCodes.OK : ExitCodes.NOT_MET;
        }
    }
}
