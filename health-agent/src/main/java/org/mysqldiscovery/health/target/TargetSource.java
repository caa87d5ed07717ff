package org.mysqldiscovery.health.target;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.state.ConnectionState;

/**
 * Where the agent learns what it would register: the role files and the quarantine node in mysql mode
 * ({@link RoleFilesSource}), a constant in tcp mode ({@link ProxysqlSource}). One per agent, chosen by its mode; the
 * rest of the agent never asks which mode it runs in.
 */
public interface TargetSource extends AutoCloseable {

    /** Starts the watches (they call the reconciler's dirty mark). */
    void start() throws IOException;

    /** The view now (called by the reconciler's thread only). */
    TargetView read(Instant now);

    /** The names of the gates {@link #read} reports, so that their metrics exist from start. */
    List<String> gateNames();

    /** Feed of ZooKeeper connection states. */
    void onConnectionState(ConnectionState state);

    /** Idempotent. */
    @Override
    void close();
}
