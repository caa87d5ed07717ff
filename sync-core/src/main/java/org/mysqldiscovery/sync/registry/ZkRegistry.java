package org.mysqldiscovery.sync.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.mysqldiscovery.common.lifecycle.Lifecycle;
import org.mysqldiscovery.common.lifecycle.State;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view: the suite's own cache of {@code mysql/} and {@code quarantine/} ({@link WatchedTree}: one-shot
 * watches). Every change calls {@code onChange} (which only marks the reconciler dirty). ZooKeeper's connection state
 * is an input: SUSPENDED, LOST or READ_ONLY make the view blind. RECONNECTED with the same session re-reads only what
 * changed meanwhile (the client re-registers its watches, the server fires those whose node changed) and keeps the
 * view blind until those reads are answered; a new session (LOST, expiry, first start) reads everything from scratch
 * and keeps it blind until that read is complete. Both start a new {@link RegistrySnapshot#generation()}.
 *
 * <p>The client is the caller's: started before {@link #start()}, closed after {@link #close()}.
 */
public final class ZkRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkRegistry.class);
    static final String NOT_INITIALISED = "the ZooKeeper view is not read yet";
    /** Chained reads a notification can cause at most: what {@link ZxidBarrier} must wait out. */
    public static final int READ_LEVELS = WatchedTree.READ_LEVELS;

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final Runnable onChange;
    private final Lifecycle state = new Lifecycle("registry");
    private final ConnectionStateListener connectionListener = (c, newState) -> connectionChanged(newState);
    private final ViewBuilder builder;
    private final Set<String> reportedProblems = new HashSet<>();
    private final RegistrationTrust trust;
    private final WatchedTree tree;
    // Reconcile-thread only: the ACL of each registration, read once per (creation, ACL version), and the node with
    // its ACL made from the leaf as last read (handed out again while the leaf is the same object).
    private static final long ACL_READ_TIMEOUT_MILLIS = 10_000;
    private final Map<String, KnownAcl> acls = new HashMap<>();
    // Reconcile-thread only: the nodes as the view is built from them (in a stable order), and the leaves stored
    // or changed since, not turned into nodes yet (their ACL may still have to be read).
    private final Map<String, ViewBuilder.Node> ready = new java.util.LinkedHashMap<>();
    private final Map<String, WatchedTree.Leaf> unresolved = new java.util.LinkedHashMap<>();

    private record KnownAcl(long czxid, int aversion, List<RegistrationTrust.AclEntry> acl) {
    }

    // Guarded by tree (the one lock of the view).
    private long epoch;
    private long generation;
    private String connectionProblem;
    private volatile String connectionState = "CONNECTING";

    /** A registry that does not judge ACLs (the opt-out). */
    public ZkRegistry(CuratorFramework client, ZkLayout layout, Runnable onChange) {
        this(client, layout, onChange, RegistrationTrust.unchecked());
    }

    /** @param trust which registrations' ACLs say a health agent wrote them; the others are ignored and reported */
    public ZkRegistry(CuratorFramework client, ZkLayout layout, Runnable onChange, RegistrationTrust trust) {
        this(client, layout, onChange, trust, null);
    }

    /**
     * @param schemas the only schemas read and watched under {@code mysql/} (a sync that routes a subset); null: all.
     *                The others are invisible: not in the view, not reported (the planner's unknown schemas)
     */
    public ZkRegistry(CuratorFramework client, ZkLayout layout, Runnable onChange, RegistrationTrust trust,
            Set<String> schemas) {
        this.client = Objects.requireNonNull(client, "client");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.builder = new ViewBuilder(layout, trust);
        Set<String> only = schemas == null ? null : Set.copyOf(schemas);
        this.tree = new WatchedTree(List.of(new WatchedTree.Root(layout.mysqlRoot(), 3,
                only == null ? name -> true : only::contains),
                new WatchedTree.Root(layout.quarantineRoot(), 1)), new WatchedTree.Listener() {
                    @Override
                    public void changed() {
                        onChange.run();
                    }

                    @Override
                    public void trustChanged() {
                        epoch++; // called under the tree's lock
                    }
                });
    }

    public void start() {
        state.start();
        client.getConnectionStateListenable().addListener(connectionListener);
        if (client.getZookeeperClient().isConnected()) {
            connectionState = "CONNECTED";
            connected("start");
            onChange.run();
        }
    }

    /** Zookeeper connection state as last reported (CONNECTED, SUSPENDED, RECONNECTED, LOST, READ_ONLY). */
    public String connectionState() {
        return connectionState;
    }

    public long epoch() {
        synchronized (tree) {
            return epoch;
        }
    }

    /**
     * True when every read the cache has sent has been answered and stored: a {@link ZxidBarrier} whose write was
     * answered may then stop at once (every notification up to its zxid was processed before that answer).
     */
    public boolean readsSettled() {
        return tree.idle();
    }

    /** Read requests (list, data, existence) sent to ZooKeeper for the view so far: what a reconnect cost. */
    public long readRequests() {
        return tree.requests();
    }

    /** Why the view is not trusted right now, or null. */
    public String blindReason() {
        synchronized (tree) {
            if (!state.started()) {
                return "the registry is " + state.state();
            }
            if (connectionProblem != null) {
                return connectionProblem;
            }
            return tree.doubt();
        }
    }

    /**
     * The view as the cache holds it now. Only the reconcile thread calls this (the builder's memo is not shared).
     * Does not wait for anything: a zxid barrier must have been passed first for the snapshot to be complete up to a
     * known zxid. Costs a copy of references to the leaves as read (the nodes are made once per change).
     */
    public RegistrySnapshot snapshot() {
        WatchedTree.Changes changes;
        List<WatchedTree.Leaf> quarantineLeaves;
        long seenEpoch;
        long seenGeneration;
        synchronized (tree) {
            String blind = blindReason();
            seenEpoch = epoch;
            seenGeneration = generation;
            if (blind != null) {
                return new RegistrySnapshot(seenEpoch, blind, null, seenGeneration);
            }
            changes = tree.drainChanges(layout.mysqlRoot());
            quarantineLeaves = tree.leaves(layout.quarantineRoot());
        }
        // Only what changed since the last snapshot is judged again (5,000 registrations, one changed: one node).
        if (changes.all()) {
            ready.clear();
            unresolved.clear();
            acls.keySet().retainAll(changes.leaves().keySet());
        }
        for (Map.Entry<String, WatchedTree.Leaf> change : changes.leaves().entrySet()) {
            ready.remove(change.getKey());
            if (change.getValue() == null) {
                unresolved.remove(change.getKey());
                acls.remove(change.getKey());
            } else {
                unresolved.put(change.getKey(), change.getValue());
            }
        }
        try {
            resolve();
        } catch (RegistryException e) {
            // Not knowing whether a registration may be trusted is doubt about the view: change nothing. What is
            // still unresolved is judged at the next snapshot.
            return new RegistrySnapshot(seenEpoch, e.getMessage(), null, seenGeneration);
        }
        List<ViewBuilder.Node> mysqlNodes = new ArrayList<>(ready.values());
        List<ViewBuilder.Node> quarantineNodes = new ArrayList<>(quarantineLeaves.size());
        for (WatchedTree.Leaf leaf : quarantineLeaves) {
            quarantineNodes.add(leaf.node());
        }
        ViewRead read = builder.build(mysqlNodes, quarantineNodes);
        reportNewProblems(read.problems());
        return new RegistrySnapshot(seenEpoch, null, read, seenGeneration);
    }

    /** Turns the leaves stored or changed since the last snapshot into nodes, with their ACL when trust checks. */
    private void resolve() throws RegistryException {
        if (unresolved.isEmpty()) {
            return;
        }
        if (trust.checks()) {
            prefetchAcls(new ArrayList<>(unresolved.values()));
        }
        var pending = unresolved.entrySet().iterator();
        while (pending.hasNext()) {
            Map.Entry<String, WatchedTree.Leaf> entry = pending.next();
            WatchedTree.Leaf leaf = entry.getValue();
            ViewBuilder.Node plain = leaf.node();
            ViewBuilder.Node node = plain;
            if (trust.checks()) { // every leaf under mysql/ is a registration (the tree reads no deeper)
                node = new ViewBuilder.Node(plain.path(), plain.mzxid(), plain.czxid(), plain.data(), aclOf(leaf));
            }
            ready.put(entry.getKey(), node);
            pending.remove();
        }
    }

    /**
     * Reads, all at once (pipelined), the ACLs not known yet for these leaves' creation and ACL version: after a new
     * session every agent's re-created node needs one, and 5,000 of them one round trip after the other held the
     * first trusted view of a fleet-size sync for minutes (fleet benchmark, issue 16).
     */
    private void prefetchAcls(List<WatchedTree.Leaf> leaves) throws RegistryException {
        List<String> missing = new ArrayList<>();
        for (WatchedTree.Leaf leaf : leaves) {
            String path = leaf.node().path();
            KnownAcl acl = acls.get(path);
            boolean remembered = acl != null && leaf.czxid() >= 0 && acl.czxid() == leaf.czxid()
                    && acl.aversion() == leaf.aversion();
            if (!remembered && leaf.czxid() >= 0) {
                missing.add(path);
            }
        }
        if (missing.size() < 2) {
            return; // aclOf reads it
        }
        // In chunks, each remembered as soon as it is read: a slow ensemble makes a pass fail (blind) but never
        // loses what was read, so the next pass carries on where this one stopped.
        BulkReader reader = new BulkReader(client, ACL_READ_TIMEOUT_MILLIS);
        for (int from = 0; from < missing.size(); from += BulkReader.WINDOW) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + BulkReader.WINDOW));
            for (Optional<BulkReader.Fetched> answer : reader.acls(chunk)) {
                // Gone or not readable: left to aclOf, which says untrusted (one more request, only for those).
                answer.ifPresent(f -> acls.put(f.path(), new KnownAcl(f.stat().getCzxid(), f.stat().getAversion(),
                        f.acl())));
            }
        }
    }

    /** The registration's ACL: remembered per creation and ACL version, read from ZooKeeper when either moved. */
    private List<RegistrationTrust.AclEntry> aclOf(WatchedTree.Leaf leaf) throws RegistryException {
        String path = leaf.node().path();
        KnownAcl known = acls.get(path);
        if (known != null && leaf.czxid() >= 0 && known.czxid() == leaf.czxid()
                && known.aversion() == leaf.aversion()) {
            return known.acl();
        }
        Stat stat = new Stat();
        List<ACL> acl;
        try {
            acl = client.getACL().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException | KeeperException.NoAuthException e) {
            // Gone (it leaves the cache next), or this sync may not read it (not written by the suite): untrusted.
            acls.remove(path);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while reading the ACL of " + path, e);
        } catch (Exception e) {
            throw new RegistryException("cannot read the ACL of " + path + ": " + e, e);
        }
        List<RegistrationTrust.AclEntry> entries = acl.stream()
                .map(a -> new RegistrationTrust.AclEntry(a.getId().getScheme(), a.getId().getId(), a.getPerms()))
                .toList();
        acls.put(path, new KnownAcl(stat.getCzxid(), stat.getAversion(), entries));
        return entries;
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
            case CONNECTED, RECONNECTED -> connected(newState.name());
            default -> { }
        }
        LOG.info("ZooKeeper connection {}: view {}", newState, blindReason() == null ? "trusted" : "blind ("
                + blindReason() + ")");
        onChange.run();
    }

    private void blind(String reason) {
        synchronized (tree) {
            connectionProblem = reason;
            epoch++;
        }
    }

    /**
     * Connected (again): the same session re-reads what changed (its watches are re-registered by the client), a new
     * one reads everything. Either way a new generation: agents may still be re-registering (settle window).
     */
    private void connected(String why) {
        ZooKeeper zk;
        try {
            zk = client.getZookeeperClient().getZooKeeper();
        } catch (Exception e) {
            // Curator declares Exception: no handle now means no view; the next connection event tries again.
            LOG.warn("ZooKeeper connection {} but no client handle ({}): view stays blind", why, e.toString());
            return;
        }
        synchronized (tree) {
            if (!state.started()) {
                return;
            }
            boolean same = tree.sameSession(zk);
            if (same && why.equals("CONNECTED") && connectionProblem == null) {
                return; // Curator's first CONNECTED, late: start() has read the view with this very session already
            }
            // One critical section with the tree's own doubt: never a moment trusted between the two.
            connectionProblem = null;
            generation++;
            epoch++;
            if (same) {
                LOG.info("ZooKeeper {} with the same session 0x{}: reading only what changed under {}", why,
                        Long.toHexString(zk.getSessionId()), layout.root());
                tree.resync();
            } else {
                LOG.info("ZooKeeper {} with session 0x{}: reading the view under {} from scratch", why,
                        Long.toHexString(zk.getSessionId()), layout.root());
                tree.load(zk);
            }
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
        tree.stop();
    }
}
