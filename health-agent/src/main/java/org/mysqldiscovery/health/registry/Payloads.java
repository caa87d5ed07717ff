package org.mysqldiscovery.health.registry;

import java.time.Instant;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.Registration;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.mysqldiscovery.health.check.Target;
import org.mysqldiscovery.health.config.HealthAgentConfig;

/** Builds the registration node (path and contract payload, docs/DESIGN.md) for a target. Pure. */
public final class Payloads {
    private final HealthAgentConfig config;
    private final ZkLayout layout;
    private final String agentVersion;

    public Payloads(HealthAgentConfig config, String agentVersion) {
        this.config = config;
        this.layout = config.zookeeper().layout();
        this.agentVersion = agentVersion;
    }

    public String path(Target target) {
        if (target instanceof Target.Mysql mysql) {
            return layout.registrationPath(mysql.schema(), mysql.role(), config.instance());
        }
        return layout.proxysqlPath(config.instance());
    }

    public Registration registration(Target target, Instant registeredAt) {
        if (target instanceof Target.Mysql mysql) {
            return Registration.ofMysql(config.instance(), mysql.schema(), mysql.role(), config.datacenter(),
                    config.weight(), config.maxConnections(), registeredAt, agentVersion);
        }
        return new Registration(config.instance().host(), config.instance().port(), null, Registration.PROXYSQL_ROLE,
                config.datacenter(), config.weight(), config.maxConnections(), registeredAt, agentVersion);
    }

    public DesiredNode node(Target target, Instant registeredAt) {
        return new DesiredNode(path(target), PayloadCodec.encode(registration(target, registeredAt)));
    }
}
