package org.mysqldiscovery.cli.command;

import java.nio.file.Path;
import java.util.Optional;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.precheck.MysqlCredentials;
import org.mysqldiscovery.common.config.SecretFile;
import picocli.CommandLine.Option;

/** {@code --mysql-user} and {@code --mysql-password-file}, over the config's {@code mysql} section. */
public final class MysqlOptions {
    @Option(names = "--mysql-user", paramLabel = "USER",
            description = "MySQL user for the read-only checks (overrides the config's mysql.user).")
    String user;

    @Option(names = "--mysql-password-file", paramLabel = "FILE",
            description = "File holding that user's password (overrides the config's mysql.passwordFile).")
    Path passwordFile;

    /** The credentials, or empty when neither the options nor the config give any. */
    public Optional<MysqlCredentials> credentials(CliConfig config) {
        CliConfig.Mysql fromConfig = config.mysql();
        String u = user != null ? user : fromConfig == null ? null : fromConfig.user();
        if (u == null && passwordFile == null) {
            return Optional.empty();
        }
        if (u == null) {
            throw CliException.usage("--mysql-password-file needs --mysql-user (or mysql.user in the config)");
        }
        String password;
        try {
            if (passwordFile != null) {
                password = SecretFile.read(passwordFile).value();
            } else if (fromConfig != null) {
                password = fromConfig.passwordFile().value();
            } else {
                throw CliException.usage("--mysql-user needs --mysql-password-file (or mysql.passwordFile in the"
                        + " config)");
            }
            return Optional.of(new MysqlCredentials(u, password));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** The connect timeout: the config's, else 1 s. */
    public int connectTimeoutMillis(CliConfig config) {
        return config.mysql() == null ? 1000 : config.mysql().connectTimeoutMillis();
    }
}
