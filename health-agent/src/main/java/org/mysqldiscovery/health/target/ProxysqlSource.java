package org.mysqldiscovery.health.target;

import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.state.ConnectionState;
import org.mysqldiscovery.health.check.Target;

/** tcp mode (ProxySQL hosts): always the ProxySQL target, no gates, nothing to watch. */
public final class ProxysqlSource implements TargetSource {
    private static final TargetView VIEW = new TargetView(new Target.Proxysql(), List.of(), false, null);

    @Override
    public void start() {
        // nothing to watch
    }

    @Override
    public TargetView read(Instant now) {
        return VIEW;
    }

    @Override
    public List<String> gateNames() {
        return List.of();
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        // nothing read from ZooKeeper
    }

    @Override
    public void close() {
        // nothing held
    }
}
