package org.mysqldiscovery.sync.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view: Curator caches of {@code mysql/} and {@code quarantine/}. Every change calls {@code onChange} (which
 * only marks the reconciler dirty). ZooKeeper's connection state is an input: SUSPENDED or LOST makes the view
 * blind; RECONNECTED keeps it blind until both caches have been rebuilt from scratch and fully re-read.
 *
 * <p>The client is the caller's: started before {@link #start()}, closed after {@link #close()}.
 */
public final class ZkRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkRegistry.class);
    static final String NOT_INITIALISED = "the ZooKeeper view is not read yet";

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final Runnable onChange;
    private final Lifecycle state = new Lifecycle("registry");
    private final ConnectionStateListener connectionListener = (c, newState) -> connectionChanged(newState);
    private final ViewBuilder builder;
    private final Set<String> reportedProblems = new HashSet<>();
    private final RegistrationTrust trust;
    // Reconcile-thread only: the ACL of each registration, read once per (creation, ACL version).
    private final Map<String, KnownAcl> acls = new HashMap<>();

    private record KnownAcl(long czxid, int aversion, List<RegistrationTrust.AclEntry> acl) {
    }

    // Guarded by this.
    private long epoch;
    private long generation;
    private int initialisedCaches;
    private CuratorCache mysqlCache;
    private CuratorCache quarantineCache;
    private String connectionProblem;
    private volatile String connectionState = "CONNECTING";

    /** A registry that does not judge ACLs (the opt-out). */
    public ZkRegistry(CuratorFramework client, ZkLayout layout, Runnable onChange) {
        this(client, layout, onChange, RegistrationTrust.unchecked());
    }

    /** @param trust which registrations' ACLs say a health agent wrote them; the others are ignored and reported */
    public ZkRegistry(CuratorFramework client, ZkLayout layout, Runnable onChange, RegistrationTrust trust) {
        this.client = Objects.requireNonNull(client, "client");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.builder = new ViewBuilder(layout, trust);
    }

    public void start() {
        state.start();
        client.getConnectionStateListenable().addListener(connectionListener);
        if (client.getZookeeperClient().isConnected()) {
            connectionState = "CONNECTED";
        }
        rebuildCaches("start");
    }

    /** Zookeeper connection state as last reported (CONNECTED, SUSPENDED, RECONNECTED, LOST, READ_ONLY). */
    public String connectionState() {
        return connectionState;
    }

    public synchronized long epoch() {
        return epoch;
    }

    /** Why the view is not trusted right now, or null. */
    public synchronized String blindReason() {
        if (!state.started()) {
            return "the registry is " + state.state();
        }
        if (connectionProblem != null) {
            return connectionProblem;
        }
        if (initialisedCaches < 2) {
            return NOT_INITIALISED;
        }
        return null;
    }

    /**
     * The view as the caches hold it now. Only the reconcile thread calls this (the builder's memo is not shared).
     * Does not wait for anything: a zxid barrier must have been passed first for the snapshot to be complete up to a
     * known zxid.
     */
    public RegistrySnapshot snapshot() {
        List<ChildData> mysqlData;
        List<ViewBuilder.Node> quarantineNodes;
        long seenEpoch;
        long seenGeneration;
        synchronized (this) {
            String blind = blindReason();
            seenEpoch = epoch;
            seenGeneration = generation;
            if (blind != null) {
                return new RegistrySnapshot(seenEpoch, blind, null, seenGeneration);
            }
            mysqlData = new ArrayList<>(Math.max(16, mysqlCache.size()));
            mysqlCache.stream().forEach(mysqlData::add);
            quarantineNodes = nodes(quarantineCache);
        }
        List<ViewBuilder.Node> mysqlNodes = new ArrayList<>(mysqlData.size());
        Set<String> registrations = new HashSet<>();
        for (ChildData child : mysqlData) {
            ViewBuilder.Node plain = node(child);
            if (!trust.checks() || depthUnderMysql(child.getPath()) != 3) {
                mysqlNodes.add(plain);
                continue;
            }
            registrations.add(child.getPath());
            List<RegistrationTrust.AclEntry> acl;
            try {
                acl = aclOf(child);
            } catch (RegistryException e) {
                // Not knowing whether a registration may be trusted is doubt about the view: change nothing.
                return new RegistrySnapshot(seenEpoch, e.getMessage(), null, seenGeneration);
            }
            mysqlNodes.add(new ViewBuilder.Node(plain.path(), plain.mzxid(), plain.czxid(), plain.data(), acl));
        }
        acls.keySet().retainAll(registrations);
        ViewRead read = builder.build(mysqlNodes, quarantineNodes);
        reportNewProblems(read.problems());
        return new RegistrySnapshot(seenEpoch, null, read, seenGeneration);
    }

    private int depthUnderMysql(String path) {
        String prefix = layout.mysqlRoot() + "/";
        return path.startsWith(prefix) ? path.substring(prefix.length()).split("/", -1).length : 0;
    }

    /** The registration's ACL: remembered per creation and ACL version, read from ZooKeeper when either moved. */
    private List<RegistrationTrust.AclEntry> aclOf(ChildData child) throws RegistryException {
        Stat cached = child.getStat();
        KnownAcl known = acls.get(child.getPath());
        if (known != null && cached != null && known.czxid() == cached.getCzxid()
                && known.aversion() == cached.getAversion()) {
            return known.acl();
        }
        Stat stat = new Stat();
        List<ACL> acl;
        try {
            acl = client.getACL().storingStatIn(stat).forPath(child.getPath());
        } catch (KeeperException.NoNodeException | KeeperException.NoAuthException e) {
            // Gone (it leaves the cache next), or this sync may not read it (not written by the suite): untrusted.
            acls.remove(child.getPath());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while reading the ACL of " + child.getPath(), e);
        } catch (Exception e) {
            throw new RegistryException("cannot read the ACL of " + child.getPath() + ": " + e, e);
        }
        List<RegistrationTrust.AclEntry> entries = acl.stream()
                .map(a -> new RegistrationTrust.AclEntry(a.getId().getScheme(), a.getId().getId(), a.getPerms()))
                .toList();
        acls.put(child.getPath(), new KnownAcl(stat.getCzxid(), stat.getAversion(), entries));
        return entries;
    }

    private static List<ViewBuilder.Node> nodes(CuratorCache cache) {
        List<ViewBuilder.Node> nodes = new ArrayList<>(Math.max(16, cache.size()));
        cache.stream().forEach(child -> nodes.add(node(child)));
        return nodes;
    }

    private static ViewBuilder.Node node(ChildData child) {
        long mzxid = child.getStat() == null ? -1 : child.getStat().getMzxid();
        long czxid = child.getStat() == null ? -1 : child.getStat().getCzxid();
        return new ViewBuilder.Node(child.getPath(), mzxid, czxid, child.getData(), null);
    }

    private void reportNewProblems(Map<String, String> problems) {
        // Log each bad node once, not at every reconcile; forget it once it is fixed so a relapse is logged again.
        reportedProblems.retainAll(problems.keySet());
        for (Map.Entry<String, String> problem : problems.entrySet()) {
            if (reportedProblems.add(problem.getKey())) {
                LOG.warn("ignoring ZooKeeper node {}: {}", problem.getKey(), problem.getValue());
            }
        }
    }

    private void connectionChanged(ConnectionState newState) {
        connectionState = newState.name();
        switch (newState) {
            case SUSPENDED -> blind("ZooKeeper connection SUSPENDED: not trusting the view");
            case LOST -> blind("ZooKeeper session LOST: not trusting the view");
            case READ_ONLY -> blind("ZooKeeper is READ_ONLY: not trusting the view");
            case RECONNECTED -> {
                synchronized (this) {
                    connectionProblem = null;
                }
                // Events may have been missed while disconnected: rebuild from scratch and stay blind until read.
                rebuildCaches("reconnected");
            }
            case CONNECTED -> {
                synchronized (this) {
                    connectionProblem = null;
                    epoch++;
                }
            }
            default -> { }
        }
        LOG.info("ZooKeeper connection {}: view {}", newState, blindReason() == null ? "trusted" : "blind ("
                + blindReason() + ")");
        onChange.run();
    }

    private synchronized void blind(String reason) {
        connectionProblem = reason;
        epoch++;
    }

    private void rebuildCaches(String why) {
        CuratorCache oldMysql;
        CuratorCache oldQuarantine;
        CuratorCache newMysql;
        CuratorCache newQuarantine;
        synchronized (this) {
            if (!state.started()) {
                return;
            }
            oldMysql = mysqlCache;
            oldQuarantine = quarantineCache;
            long gen = ++generation;
            epoch++;
            initialisedCaches = 0;
            newMysql = cache(layout.mysqlRoot(), gen);
            newQuarantine = cache(layout.quarantineRoot(), gen);
            mysqlCache = newMysql;
            quarantineCache = newQuarantine;
        }
        closeQuietly(oldMysql);
        closeQuietly(oldQuarantine);
        LOG.info("reading the ZooKeeper view under {} ({})", layout.root(), why);
        newMysql.start();
        newQuarantine.start();
    }

    private CuratorCache cache(String path, long gen) {
        CuratorCache cache = CuratorCache.build(client, path);
        cache.listenable().addListener(new CuratorCacheListener() {
            @Override
            public void event(Type type, ChildData oldData, ChildData data) {
                onChange.run();
            }

            @Override
            public void initialized() {
                cacheInitialised(gen, path);
            }
        });
        return cache;
    }

    private void cacheInitialised(long gen, String path) {
        synchronized (this) {
            if (gen != generation) {
                return; // a cache that has been replaced meanwhile
            }
            initialisedCaches++;
            epoch++;
        }
        LOG.info("ZooKeeper view of {} read", path);
        onChange.run();
    }

    private static void closeQuietly(CuratorCache cache) {
        if (cache != null) {
            cache.close();
        }
    }

    public State state() {
        return state.state();
    }

    @Override
    public void close() {
        if (!state.closeStarted()) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        CuratorCache m;
        CuratorCache q;
        synchronized (this) {
            m = mysqlCache;
            q = quarantineCache;
            mysqlCache = null;
            quarantineCache = null;
            epoch++;
        }
        closeQuietly(m);
        closeQuietly(q);
    }
}
