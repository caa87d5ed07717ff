package org.mysqldiscovery.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarantine}: the group of add, clear and list. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Keep an instance out of rotation until an operator clears it (quarantine/<host>:<port>).",
        subcommands = {QuarantineAddCommand.class, QuarantineClearCommand.class, QuarantineListCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused", "2:usage or input error, ZooKeeper unreachable"})
public final class QuarantineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw CliException.usage("quarantine needs a subcommand: add, clear or list (see quarantine --help)");
    }
}
