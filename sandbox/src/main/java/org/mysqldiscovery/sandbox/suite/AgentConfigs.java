package org.mysqldiscovery.sandbox.suite;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.mysqldiscovery.common.zk.SuiteIdentities;
import org.mysqldiscovery.common.zk.ZkIdentities;

/**
 * The YAML configs the sandbox generates for the suite's programs: the same fields as each program's
 * {@code config/example.yaml}, with the sandbox's addresses, fast intervals and short session timeouts. The role
 * agents and the sync log JSON, the health agents text: the scenario checks read both formats for real.
 */
final class AgentConfigs {
    private AgentConfigs() {
    }

    /** What every program's ZooKeeper section says: each program with its own identity, ACLs on. */
    record Zk(String connectString, String root, int sessionTimeoutMillis, SuiteIdentities identities) {
        String yaml(ZkIdentities.Kind kind) {
            return """
                    zookeeper:
                      connectString: "%s"
                      root: %s
                      sessionTimeoutMillis: %d
                      connectionTimeoutMillis: 1000
                      retryBaseSleepMillis: 50
                      retryMaxSleepMillis: 500
                      retryMaxRetries: 3
                    """.formatted(connectString, root, sessionTimeoutMillis) + identities.authYaml(kind, 2);
        }
    }

    /** The operator CLI's config: the ZooKeeper section with the operator identity. */
    static String operatorCli(Zk zk) {
        return zk.yaml(ZkIdentities.Kind.OPERATOR);
    }

    static String healthAgent(Zk zk, String instance, String host, int mysqlPort, int httpPort, Path roleDir,
            String user, Path passwordFile, int checkIntervalMillis, String datacenter) {
        return (datacenter == null ? "" : "datacenter: " + datacenter + "\n") + """
                mode: mysql
                instance: "%s"
                %shttp:
                  bindAddress: %s
                  port: %d
                logging:
                  format: text
                  level: INFO
                roleDirectory: %s
                mysql:
                  host: %s
                  port: %d
                  user: %s
                  passwordFile: %s
                  connectTimeoutMillis: 500
                checkIntervalMillis: %d
                checkTimeoutMillis: 500
                rise: 2
                fall: 1
                maxReplicationLagSeconds: 5
                """.formatted(instance, zk.yaml(ZkIdentities.Kind.HEALTH_AGENT), host, httpPort, roleDir, host,
                mysqlPort, user, passwordFile, checkIntervalMillis);
    }

    static String roleAgent(Zk zk, String instance, String host, int mysqlPort, int httpPort, Path roleDir,
            Path tokenFile, String user, Path passwordFile, Path auditLog, String pagerUrl, Path routingKeyFile) {
        return """
                instance: "%s"
                roleDirectory: %s
                %shttp:
                  bindAddress: %s
                  port: %d
                auth:
                  tokenFile: %s
                mysql:
                  host: %s
                  port: %d
                  user: %s
                  passwordFile: %s
                  timeoutMillis: 1000
                fenceOnDemotion: true
                quarantineWriteTimeoutMillis: 1000
                drainConfirmTimeoutMillis: 3000
                drainDefaultSeconds: 10
                auditLog: %s
                %slogging:
                  format: json
                  level: INFO
                """.formatted(instance, roleDir, zk.yaml(ZkIdentities.Kind.ROLE_AGENT), host, httpPort, tokenFile, host, mysqlPort, user,
                passwordFile, auditLog, pager(pagerUrl, routingKeyFile));
    }

    static String proxysqlSync(Zk zk, int httpPort, String adminHost, int adminPort, String adminUser,
            Path adminPasswordFile, Map<String, Integer> hostgroupBase, String pagerUrl, Path routingKeyFile,
            Path openPagesFile, SuiteSettings.Datacenters datacenters) {
        return proxysqlSync(zk, ZkIdentities.Kind.SYNC, httpPort, adminHost, adminPort, adminUser, adminPasswordFile,
                hostgroupBase, pagerUrl, routingKeyFile, openPagesFile, datacenters);
    }

    /**
     * @param kind whose ZooKeeper identity the file names: the sync's own; the copy serve's status page reads (for
     *             the admin and the hostgroup map only) names the observer's, so serve needs no sync password
     */
    static String proxysqlSync(Zk zk, ZkIdentities.Kind kind, int httpPort, String adminHost, int adminPort,
            String adminUser, Path adminPasswordFile, Map<String, Integer> hostgroupBase, String pagerUrl,
            Path routingKeyFile, Path openPagesFile, SuiteSettings.Datacenters datacenters) {
        String hostgroups = hostgroupBase.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": {primary: " + e.getValue() + ", replica: " + (e.getValue() + 1)
                        + ", reporting-replica: " + (e.getValue() + 2) + "}")
                .collect(Collectors.joining("\n"));
        return """
                %shttp:
                  bindAddress: 127.0.0.1
                  port: %d
                logging:
                  format: json
                  level: INFO
                %sproxysql:
                  host: %s
                  port: %d
                  user: %s
                  passwordFile: %s
                  connectTimeoutMillis: 1000
                  # 1 s instead of 300 ms: the machine is shared, and the in-flight-write scenario releases its
                  # write only once it sees the drain waiting.
                  drainInFlightMaxMillis: 1000
                %shostgroups:
                %s
                %sguards:
                  doublePrimaryGraceMillis: 2000
                  massRemovalFraction: 0.5
                  noPrimaryPageAfterMillis: 10000
                debounceMillis: 5
                fullPassIntervalMillis: 30000
                mode: apply
                openPagesFile: %s
                """.formatted(zk.yaml(kind), httpPort, pager(pagerUrl, routingKeyFile), adminHost, adminPort, adminUser,
                adminPasswordFile, datacenters == null ? "" : "  datacenter: " + datacenters.sync() + "\n", hostgroups,
                datacenters == null ? "" : """
                        defaults:
                          replica:
                            remote:
                              mode: %s
                        """.formatted(datacenters.remoteMode()), openPagesFile.toAbsolutePath());
    }

    /**
     * {@code mysql-discovery serve}: the precheck service the PreFailoverProcesses line asks (also the precheck's
     * config), and the operator's status page (which reads ZooKeeper).
     */
    static String serve(Zk zk, int httpPort, String mysqlUser, Path mysqlPasswordFile, Path tokenFile,
            Path syncConfig) {
        return zk.yaml(ZkIdentities.Kind.OBSERVER) + """
                mysql:
                  user: %s
                  passwordFile: %s
                  connectTimeoutMillis: 1000
                precheck:
                  maxLagSeconds: 10
                  deadlineMillis: 5000
                serve:
                  http:
                    bindAddress: 127.0.0.1
                    port: %d
                  auth:
                    tokenFile: %s
                  # The operator's status page (/status/): ZooKeeper read every 250 ms (the browser tests' 2 s budget);
                  # what the ProxySQL routes, read through its admin every second.
                  statusPage:
                    refreshMillis: 250
                    syncConfigs: ["%s"]
                    proxysqlRefreshMillis: 1000
                """.formatted(mysqlUser, mysqlPasswordFile, httpPort, tokenFile, syncConfig);
    }

    private static String pager(String url, Path routingKeyFile) {
        return """
                pager:
                  kind: pagerduty
                  url: %s
                  routingKeyFile: %s
                  timeoutMillis: 2000
                """.formatted(url, routingKeyFile);
    }
}
