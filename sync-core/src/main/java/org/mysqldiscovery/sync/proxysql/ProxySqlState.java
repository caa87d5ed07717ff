package org.mysqldiscovery.sync.proxysql;

import java.util.List;
import org.mysqldiscovery.sync.plan.ServerRow;

/**
 * What ProxySQL holds in the managed hostgroups.
 *
 * @param config  rows of {@code mysql_servers}
 * @param runtime rows of {@code runtime_mysql_servers}
 */
public record ProxySqlState(List<ServerRow> config, List<ServerRow> runtime) {
    public ProxySqlState {
        config = List.copyOf(config);
        runtime = List.copyOf(runtime);
    }
}
