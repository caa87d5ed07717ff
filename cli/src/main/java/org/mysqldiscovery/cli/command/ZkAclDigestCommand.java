package org.mysqldiscovery.cli.command;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mysqldiscovery.common.config.SecretFile;
import org.mysqldiscovery.common.zk.ZkClientFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zk-acl digest}: the digest id of an identity, for the {@code identities} lists of the configs. */
@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Print the ZooKeeper digest id user:base64(sha1(user:password)) of an identity: what the"
                + " zookeeper.auth.identities lists of every program's config hold. Needs no ZooKeeper.")
public final class ZkAclDigestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The identity's user name.")
    String user;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
            description = "File holding its password (one line).")
    Path passwordFile;

    @Override
    public Integer call() {
        if (user.isBlank() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw CliException.usage("--user: must not be empty or contain ':' or spaces");
        }
        SecretFile password;
        try {
            password = SecretFile.read(passwordFile);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--password-file: " + e.getMessage());
        }
        spec.commandLine().getOut().println(ZkClientFactory.digest(user, password.value()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
