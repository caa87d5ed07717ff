package org.mysqldiscovery.sandbox.suite;

import java.nio.file.Path;
import java.time.Duration;
import org.mysqldiscovery.sandbox.SandboxProgram;
import org.mysqldiscovery.sandbox.mysql.MariaDbCluster;
import org.mysqldiscovery.sandbox.mysql.MariaDbServer;

/**
 * One "MySQL host" of the sandbox: a mysqld with its own loopback address, its role directory, and the health and
 * role agents that run beside it (each its own process, from its jar).
 *
 * @param cluster       the schema's cluster
 * @param server        the mysqld
 * @param roleDirectory the {@code schema}/{@code role}/{@code drain-until} directory of this host
 * @param health        the health agent
 * @param role          the role agent
 * @param roleAgentUrl  {@code http://<host>:<port>}
 * @param healthUrl     {@code http://<host>:<port>}
 */
public record MysqlHost(MariaDbCluster cluster, MariaDbServer server, Path roleDirectory, SandboxProgram health,
        SandboxProgram role, String roleAgentUrl, String healthUrl) {

    /** A JVM start, config check and ZooKeeper connection take 3–6 s on a loaded 2-core machine. */
    public static final Duration AGENT_START_TIMEOUT = Duration.ofSeconds(60);

    public String instance() {
        return server.instance();
    }

    public String schema() {
        return cluster.schema();
    }

    /** The whole host dies: mysqld and both agents killed with -9. */
    public void kill9() {
        health.kill9();
        role.kill9();
        cluster.kill9(server);
    }

    /** Both agents killed with -9 (mysqld keeps running). */
    public void kill9Agents() {
        health.kill9();
        role.kill9();
    }

    /** Starts whichever agent is not running and waits until both listen (a hook may follow at once). */
    public void startAgents() {
        if (!health.isAlive()) {
            health.start();
        }
        if (!role.isAlive()) {
            role.start();
        }
        health.awaitListening(AGENT_START_TIMEOUT);
        role.awaitListening(AGENT_START_TIMEOUT);
    }

    @Override
    public String toString() {
        return schema() + "/" + instance();
    }
}
