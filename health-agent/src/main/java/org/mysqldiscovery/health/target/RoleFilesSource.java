package org.mysqldiscovery.health.target;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.mysqldiscovery.common.files.RoleDirectory;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.DrainRule;
import org.mysqldiscovery.health.config.HealthAgentConfig;
import org.mysqldiscovery.health.files.RoleDirectoryWatcher;
import org.mysqldiscovery.health.files.RoleFilesReader;
import org.mysqldiscovery.health.files.RoleFilesSnapshot;
import org.mysqldiscovery.health.registry.QuarantineView;
import org.mysqldiscovery.health.registry.QuarantineWatch;

/**
 * mysql mode: the target is the (schema, role) of the role files; the gates are the role files, the quarantine node
 * and the drain lease. Watches the role directory and {@code quarantine/<self>}.
 */
public final class RoleFilesSource implements TargetSource {
    private final RoleFilesReader files;
    private final QuarantineWatch quarantine;
    private final RoleDirectoryWatcher watcher;

    /** @param dirty marks the reconciler dirty (called from the watches' threads) */
    public RoleFilesSource(HealthAgentConfig config, CuratorFramework client, Runnable dirty) {
        RoleDirectory directory = new RoleDirectory(config.roleDirectoryPath(), config.fileTimeout());
        this.files = new RoleFilesReader(directory);
        this.quarantine = new QuarantineWatch(client, config.zookeeper().layout().quarantinePath(config.instance()),
                dirty);
        this.watcher = new RoleDirectoryWatcher(directory.directory(), dirty, config.checkIntervalMillis());
    }

    @Override
    public void start() throws IOException {
        quarantine.start();
        watcher.start();
    }

    @Override
    public TargetView read(Instant now) {
        RoleFilesSnapshot snapshot = files.read();
        QuarantineView view = quarantine.view();
        DrainRule.DrainVerdict drain = DrainRule.evaluate(snapshot.role(), snapshot.drain(), now);
        return new TargetView(snapshot.target(), List.of(snapshot.gate(), view.gate(),
                CheckResult.of(CheckNames.DRAIN, drain.verdict(), 0)), view.quarantined(), drain.wakeAt());
    }

    @Override
    public List<String> gateNames() {
        return List.of(CheckNames.ROLE_FILES, CheckNames.QUARANTINE, CheckNames.DRAIN);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        quarantine.onConnectionState(state);
    }

    @Override
    public void close() {
        watcher.close();
        quarantine.close();
    }
}
