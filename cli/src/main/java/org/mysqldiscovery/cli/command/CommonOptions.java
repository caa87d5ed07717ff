package org.mysqldiscovery.cli.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.mysqldiscovery.cli.CliConfig;
import org.mysqldiscovery.cli.CliContext;
import org.mysqldiscovery.common.config.ConfigException;
import org.mysqldiscovery.common.config.ConfigLoader;
import org.mysqldiscovery.common.zk.ZkSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --zookeeper}, {@code --root}, {@code --zookeeper-timeout} and {@code --config}, shared by the commands. */
public final class CommonOptions {
    /** Where an operator's config lives when none is named (override with $MYSQL_DISCOVERY_CONFIG). */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/mysql-discovery/cli.yaml");
    public static final String CONFIG_ENV = "MYSQL_DISCOVERY_CONFIG";

    @Option(names = "--zookeeper", paramLabel = "CONNECT",
            description = "ZooKeeper connect string, e.g. zk1:2181,zk2:2181,zk3:2181 (overrides the config file).")
    String zookeeper;

    @Option(names = "--root", paramLabel = "PATH",
            description = "The suite's root path in ZooKeeper (default: the config's, else /mysql-discovery).")
    String root;

    @Option(names = "--zookeeper-timeout", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "How long to try to connect to ZooKeeper (default: the config's connectionTimeoutMillis,"
                    + " else 3s).")
    Duration zookeeperTimeout;

    @Option(names = "--allow-unauthenticated",
            description = "With --zookeeper and no config with zookeeper.auth: connect without an identity (only for"
                    + " a suite that runs with zookeeper.allowUnauthenticated: true; its nodes are world-writable).")
    boolean allowUnauthenticated;

    @Option(names = "--config", paramLabel = "FILE",
            description = "CLI config file (YAML; see cli/config/example.yaml). Default: $" + CONFIG_ENV
                    + ", else /etc/mysql-discovery/cli.yaml when it exists.")
    Path config;

    /** The command this mixin belongs to: where its warnings go (its stderr). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Said on stderr by every command that connects without a ZooKeeper identity (the opt-out is never silent). */
    public static final String UNAUTHENTICATED_WARNING = "warning: connecting to ZooKeeper WITHOUT an identity"
            + " (--allow-unauthenticated or zookeeper.allowUnauthenticated: true): the suite's nodes are"
            + " world-writable, anyone who reaches ZooKeeper can move writes";

    private CliConfig loaded;

    /** The config file named, or the default one when it exists, or an empty config. */
    public CliConfig config(CliContext context) {
        if (loaded != null) {
            return loaded;
        }
        Path file = config;
        if (file == null) {
            String fromEnv = context.environment().apply(CONFIG_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                file = Path.of(fromEnv);
            } else if (Files.isRegularFile(DEFAULT_CONFIG)) {
                file = DEFAULT_CONFIG;
            }
        }
        if (file == null) {
            loaded = CliConfig.empty();
            return loaded;
        }
        try {
            loaded = ConfigLoader.load(file, CliConfig.class);
        } catch (ConfigException e) {
            throw CliException.usage("config: " + e.getMessage());
        }
        return loaded;
    }

    /** ZooKeeper settings from the options over the config file; a usage error when there are none. */
    public ZkSettings zookeeper(CliContext context) {
        ZkSettings base = config(context).zookeeper();
        if (zookeeper == null && base == null) {
            throw CliException.usage("no ZooKeeper given: use --zookeeper HOST:PORT[,HOST:PORT…] or a config file with"
                    + " a zookeeper section (--config FILE)");
        }
        try {
            if (base == null) {
                if (!allowUnauthenticated) {
                    throw CliException.usage("no ZooKeeper identity: give --config FILE whose zookeeper section has"
                            + " auth (the operator identity), or --allow-unauthenticated for a suite that runs"
                            + " without ZooKeeper ACLs");
                }
                base = ZkSettings.unauthenticated(zookeeper, root);
            }
            Integer timeout = zookeeperTimeout == null ? base.connectionTimeoutMillis()
                    : (int) Math.min(Integer.MAX_VALUE, zookeeperTimeout.toMillis());
            if (base.unauthenticated() && mixee != null) {
                mixee.commandLine().getErr().println(UNAUTHENTICATED_WARNING);
                mixee.commandLine().getErr().flush();
            }
            return base.withConnection(zookeeper == null ? base.connectString() : zookeeper,
                    root == null ? base.root() : root, timeout, base.retryMaxRetries());
        } catch (IllegalArgumentException e) {
            throw CliException.usage("ZooKeeper settings: " + e.getMessage());
        }
    }
}
