package org.mysqldiscovery.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code zk-acl}: the group of check, fix and digest. */
@Command(name = "zk-acl", mixinStandardHelpOptions = true,
        description = "The ACLs of the suite's ZooKeeper nodes (docs/DESIGN.md, ZooKeeper ACLs).",
        subcommands = {ZkAclCheckCommand.class, ZkAclFixCommand.class, ZkAclDigestCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:ACLs differ", "2:usage or input error, ZooKeeper unreachable"})
public final class ZkAclCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CliException.usage("zk-acl needs a subcommand: check, fix or digest (see zk-acl --help)");
    }
}
