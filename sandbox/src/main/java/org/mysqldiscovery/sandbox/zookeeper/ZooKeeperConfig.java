package org.mysqldiscovery.sandbox.zookeeper;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code zooN.cfg} of one server. Pure: renders text from ports and paths.
 *
 * @param myid    1-based server id
 * @param peers   every member's ports, index {@code myid - 1} is this server; one entry means standalone
 * @param dataDir where this server keeps its snapshots and transaction log
 */
public record ZooKeeperConfig(int myid, List<Peer> peers, Path dataDir, int tickTimeMillis) {

    /** Ports of one member, all on 127.0.0.1. */
    public record Peer(int clientPort, int quorumPort, int electionPort) {
        public Peer {
            for (int p : new int[] {clientPort, quorumPort, electionPort}) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("port out of range: " + p);
                }
            }
        }
    }

    public ZooKeeperConfig {
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no zookeeper peers");
        }
        if (myid < 1 || myid > peers.size()) {
            throw new IllegalArgumentException("myid " + myid + " outside 1.." + peers.size());
        }
        Objects.requireNonNull(dataDir, "dataDir");
        if (tickTimeMillis < 1) {
            throw new IllegalArgumentException("tickTimeMillis must be positive: " + tickTimeMillis);
        }
    }

    public boolean standalone() {
        return peers.size() == 1;
    }

    public Peer self() {
        return peers.get(myid - 1);
    }

    public String render() {
        // Limits in ticks, sized so that a loaded 2-core machine does not drop followers, while a
        // stopped member (its sockets close at once) is noticed at once anyway.
        int initLimit = Math.max(10, ceilDiv(10_000, tickTimeMillis));
        int syncLimit = Math.max(5, ceilDiv(2_000, tickTimeMillis));
        StringBuilder cfg = new StringBuilder();
        cfg.append("# written by the mysql-discovery sandbox\n");
        cfg.append("tickTime=").append(tickTimeMillis).append('\n');
        cfg.append("initLimit=").append(initLimit).append('\n');
        cfg.append("syncLimit=").append(syncLimit).append('\n');
        cfg.append("dataDir=").append(dataDir.toAbsolutePath()).append('\n');
        cfg.append("clientPort=").append(self().clientPort()).append('\n');
        cfg.append("clientPortAddress=127.0.0.1\n");
        cfg.append("minSessionTimeout=").append(2 * tickTimeMillis).append('\n');
        // Let clients get the session timeout they ask for (the default cap is 20 ticks).
        cfg.append("maxSessionTimeout=").append(Math.max(60_000, 20 * tickTimeMillis)).append('\n');
        cfg.append("maxClientCnxns=0\n");
        cfg.append("admin.enableServer=false\n");
        cfg.append("4lw.commands.whitelist=*\n");
        // Test data: no 64 MB log preallocation, no fsync per write.
        cfg.append("preAllocSize=1024\n");
        cfg.append("forceSync=no\n");
        cfg.append("autopurge.snapRetainCount=3\n");
        cfg.append("autopurge.purgeInterval=1\n");
        if (!standalone()) {
            cfg.append("reconfigEnabled=false\n");
            for (int i = 0; i < peers.size(); i++) {
                Peer p = peers.get(i);
                cfg.append("server.").append(i + 1).append("=127.0.0.1:")
                        .append(p.quorumPort()).append(':').append(p.electionPort()).append('\n');
            }
        }
        return cfg.toString();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
