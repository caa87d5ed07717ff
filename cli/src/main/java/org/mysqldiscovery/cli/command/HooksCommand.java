package org.mysqldiscovery.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hooks}: Orchestrator's hook lines, for installations without Puppet. */
@Command(name = "hooks", mixinStandardHelpOptions = true,
        description = "Orchestrator's hook lines (the suite's one canonical copy, puppet/files/orchestrator-hooks.json).",
        subcommands = {HooksRenderCommand.class})
public final class HooksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw CliException.usage("a subcommand is required: render (see hooks --help)");
    }
}
