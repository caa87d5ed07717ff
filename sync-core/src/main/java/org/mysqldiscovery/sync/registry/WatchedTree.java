package org.mysqldiscovery.sync.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's own cache of a few depth-limited trees ({@code mysql/<schema>/<role>/<instance>},
 * {@code quarantine/<instance>}), kept with standard one-shot watches: a {@code getChildren} watch on every directory
 * (depth below the root's leaf depth), a {@code getData} watch on every leaf. Nodes deeper than a leaf are not read
 * (the view ignores them anyway).
 *
 * <p>Why one-shot watches and not a persistent recursive watch (Curator's CuratorCache): when the client reconnects
 * with the same session it re-registers its one-shot watches with the last zxid it saw (SetWatches), and the server
 * fires those whose node changed meanwhile. Checked in the ZooKeeper 3.9.5 server ({@code DataTree#setWatches},
 * bytecode): a data watch fires NodeDeleted when the node is gone and NodeDataChanged when its mzxid is above the
 * client's zxid; a child watch fires NodeDeleted, or NodeChildrenChanged when its pzxid is above it; otherwise the
 * watch is re-added. Persistent watches are only re-added, never fired: that is why CuratorCache re-reads its whole
 * tree at every reconnect. Here a same-session reconnect ({@link #resync()}) re-reads only what changed.
 *
 * <p>A new session ({@link #load(ZooKeeper)}) reads everything from scratch, pipelined (at most {@link #WINDOW}
 * requests in flight). Every request carries its generation: answers and watch events of an older generation (an
 * old session, a replaced read) are ignored.
 *
 * <p>Doubt ({@link #doubt()}): until the from-scratch read has been answered entirely; during a resync, until a chain
 * of {@link #RESYNC_NO_OPS} no-ops sent after the reconnect has come back (the client sends SetWatches first on a new
 * connection and the server sends the missed notifications before it answers anything sent after, so the first
 * no-op's callback runs after they have been processed; each next no-op is sent from the previous one's callback, so
 * it leaves after every read issued by the callbacks before it: the same argument as {@link ZxidBarrier}); and while a
 * read has failed (connection loss, …) and not yet been re-issued and answered: a failed read is never a silently stale
 * node.
 *
 * <p>Threads: watch events and callbacks run on the ZooKeeper client's one event thread; the connection listener and
 * the reconcile thread call in; everything is guarded by {@code this}.
 */
final class WatchedTree {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedTree.class);

    /** Requests in flight at most during a from-scratch read (as {@link BulkReader#WINDOW}). */
    static final int WINDOW = BulkReader.WINDOW;

    /**
     * The longest chain of reads a notification can cause: NodeChildrenChanged({@code mysql/}) → getChildren(mysql/)
     * → getChildren(schema) → getChildren(role) → getData(registration).
     */
    static final int READ_LEVELS = 4;

    /**
     * The no-ops a resync chains: the first is sent from the connection listener's thread, so its callback only marks
     * the point where every missed notification (answered to SetWatches before it) has been processed: the reads those
     * notifications sent may have left after it. The {@link #READ_LEVELS} next ones wait those reads out.
     */
    static final int RESYNC_NO_OPS = READ_LEVELS + 1;

    /**
     * A tree: its root path, the depth of its leaves below it (mysql/: 3, quarantine/: 1), and which of the root's
     * children are read at all (a sync that routes some schemas reads only those).
     */
    record Root(String path, int leafDepth, Predicate<String> wanted) {
        Root {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(wanted, "wanted");
            if (leafDepth < 1 || leafDepth + 1 > READ_LEVELS) {
                throw new IllegalArgumentException("leaf depth " + leafDepth + " outside 1.." + (READ_LEVELS - 1));
            }
        }

        Root(String path, int leafDepth) {
            this(path, leafDepth, name -> true);
        }
    }

    /** A leaf as read: the view's node (ready to hand out as is) and what the ACL memo needs. */
    record Leaf(ViewBuilder.Node node, long czxid, int aversion) {
    }

    /**
     * {@code changed}: the leaves or the doubt changed (called by the event thread, never under the lock; not for
     * {@link #load} and {@link #resync}: their caller tells its own listeners). {@code trustChanged}: the doubt may
     * have changed (called under the lock: keep it short).
     */
    interface Listener {
        void changed();

        void trustChanged();
    }

    private final List<Root> roots;
    private final Listener listener;
    private final AtomicLong requests = new AtomicLong();

    // Guarded by this.
    private Generation gen;
    private long generations;
    private final Map<String, Set<String>> dirs = new HashMap<>();
    private final Map<String, Map<String, Leaf>> leaves = new HashMap<>();
    /** Per root, the leaves stored or removed since {@link #drainChanges} last ran; all of them after a load. */
    private final Map<String, Set<String>> changed = new HashMap<>();
    private final Set<String> reloaded = new HashSet<>();
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private int inFlight;
    private int pending;
    private boolean loaded;
    private long resyncToken;
    private boolean resyncing;
    /** Reads that failed (path → what failed): re-issued at the next resync. */
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();
    /** The doubt moved since the event thread last told the listener (read and reset under the lock). */
    private boolean trustMoved;

    WatchedTree(List<Root> roots, Listener listener) {
        this.roots = List.copyOf(roots);
        this.listener = Objects.requireNonNull(listener, "listener");
        for (Root root : this.roots) {
            leaves.put(root.path(), new HashMap<>());
            changed.put(root.path(), new java.util.LinkedHashSet<>());
        }
    }

    /** One from-scratch read with one session: its watcher tells its events from an older generation's. */
    private final class Generation implements Watcher {
        final ZooKeeper zk;
        final long sessionId;
        final long number;

        Generation(ZooKeeper zk, long number) {
            this.zk = zk;
            this.sessionId = zk.getSessionId();
            this.number = number;
        }

        @Override
        public void process(WatchedEvent event) {
            watched(this, event);
        }
    }

    /** True when {@code zk} is the handle and session this tree was read with (a same-session reconnect). */
    synchronized boolean sameSession(ZooKeeper zk) {
        return gen != null && gen.zk == zk && gen.sessionId == zk.getSessionId();
    }

    /** Forgets everything and reads the trees from scratch with {@code zk} (a new session, or the first start). */
    void load(ZooKeeper zk) {
        synchronized (this) {
            gen = new Generation(zk, ++generations);
            dirs.clear();
            leaves.values().forEach(Map::clear);
            changed.values().forEach(Set::clear);
            roots.forEach(root -> reloaded.add(root.path()));
            queued.clear();
            failed.clear();
            inFlight = 0;
            pending = 0;
            loaded = false;
            resyncing = false;
            listener.trustChanged();
            for (Root root : roots) {
                readChildren(gen, root.path());
            }
        }
    }

    /**
     * After a reconnect with the same session: the client has re-registered its watches, the server fires those whose
     * node changed. Re-issues the reads that failed, then stays in doubt until a chain of no-ops has come back.
     */
    void resync() {
        synchronized (this) {
            if (gen == null) {
                return;
            }
            resyncing = true;
            long token = ++resyncToken;
            listener.trustChanged();
            List<String> again = new ArrayList<>(failed.keySet());
            failed.clear();
            for (String path : again) {
                reissue(gen, path);
            }
            noOp(gen, token, 1);
        }
    }

    /** Ignores everything still in flight. */
    synchronized void stop() {
        gen = null;
        generations++;
        queued.clear();
        listener.trustChanged();
    }

    /** Why the cache is not complete, or null. */
    synchronized String doubt() {
        if (gen == null) {
            return "the ZooKeeper view is not read yet";
        }
        if (!loaded) {
            return "the ZooKeeper view is not read yet (" + pending + " reads outstanding)";
        }
        if (!failed.isEmpty()) {
            Map.Entry<String, String> first = failed.entrySet().iterator().next();
            return failed.size() + " ZooKeeper reads failed, e.g. " + first.getKey() + ": " + first.getValue()
                    + ": not trusting the view until they are read again";
        }
        if (resyncing) {
            return "reconnected to ZooKeeper: reading what changed meanwhile";
        }
        return null;
    }

    /** The leaves under {@code root} now: references, not copies of the nodes. */
    synchronized List<Leaf> leaves(String root) {
        return new ArrayList<>(leaves.get(root).values());
    }

    /**
     * What changed under {@code root} since the last call: every leaf after a from-scratch read ({@code all}), else
     * the paths stored or removed, each with its leaf now (null: gone). A snapshot then costs what changed.
     */
    record Changes(boolean all, Map<String, Leaf> leaves) {
    }

    synchronized Changes drainChanges(String root) {
        Map<String, Leaf> under = leaves.get(root);
        if (reloaded.remove(root)) {
            changed.get(root).clear();
            return new Changes(true, new java.util.LinkedHashMap<>(under));
        }
        Set<String> paths = changed.get(root);
        Map<String, Leaf> now = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            now.put(path, under.get(path));
        }
        paths.clear();
        return new Changes(false, now);
    }

    /** Whether every read sent so far has been answered and stored (reads sent from answers included). */
    synchronized boolean idle() {
        return pending == 0;
    }

    /** Read requests sent since this tree was made (getChildren, getData, exists; not the resync's no-ops). */
    long requests() {
        return requests.get();
    }

    // ---- reads (under the lock) ----

    private void send(Generation g, Runnable request) {
        pending++;
        if (!loaded && inFlight >= WINDOW) {
            queued.add(request);
            return;
        }
        inFlight++;
        requests.incrementAndGet();
        request.run();
    }

    /** An answer of generation {@code g} arrived: false when it is stale (ignore it). */
    private boolean answered(Generation g) {
        if (g != gen) {
            return false;
        }
        inFlight--;
        pending--;
        while (inFlight < WINDOW && !queued.isEmpty()) {
            inFlight++;
            requests.incrementAndGet();
            queued.poll().run();
        }
        return true;
    }

    /** After an answer has been stored: the from-scratch read is complete when nothing is outstanding. */
    private void settle() {
        if (!loaded && pending == 0) {
            loaded = true;
            trustMoved = true;
            listener.trustChanged();
            LOG.info("ZooKeeper view read: {} directories, {} leaves, {} requests so far", dirs.size(),
                    leaves.values().stream().mapToInt(Map::size).sum(), requests.get());
        }
    }

    private void readChildren(Generation g, String dir) {
        send(g, () -> g.zk.getChildren(dir, g, (rc, path, ctx, children, stat) -> childrenRead(g, dir, rc,
                children), null));
    }

    private void readData(Generation g, String leaf) {
        send(g, () -> g.zk.getData(leaf, g, (rc, path, ctx, data, stat) -> dataRead(g, leaf, rc, data, stat),
                null));
    }

    private void watchRootCreation(Generation g, String root) {
        send(g, () -> g.zk.exists(root, g, (rc, path, ctx, stat) -> rootChecked(g, root, rc, stat), null));
    }

    private void reissue(Generation g, String path) {
        Root root = rootOf(path);
        if (root == null) {
            return;
        }
        int depth = depth(root, path);
        if (depth < root.leafDepth()) {
            readChildren(g, path);
        } else {
            readData(g, path);
        }
    }

    private void noOp(Generation g, long token, int level) {
        String root = roots.get(0).path();
        g.zk.exists(root, false, (rc, path, ctx, stat) -> noOpAnswered(g, token, level, rc), null);
    }

    // ---- answers and events (ZooKeeper event thread) ----

    private void childrenRead(Generation g, String dir, int rc, List<String> children) {
        boolean changed;
        synchronized (this) {
            if (!answered(g)) {
                return;
            }
            changed = storeChildren(g, dir, KeeperException.Code.get(rc), children);
            settle();
            changed |= trustMovedSinceTold();
        }
        if (changed) {
            listener.changed();
        }
    }

    private boolean storeChildren(Generation g, String dir, KeeperException.Code code, List<String> children) {
        Root root = rootOf(dir);
        if (root == null) {
            return false;
        }
        boolean isRoot = dir.equals(root.path());
        if (!isRoot && !dirs.containsKey(parent(dir))) {
            return false; // its parent was removed meanwhile: a re-created parent is listed again
        }
        switch (code) {
            case OK -> {
                Set<String> now = new HashSet<>(children == null ? List.of() : children);
                Set<String> before = dirs.put(dir, now);
                if (!isRoot) {
                    dirs.get(parent(dir)).add(name(dir));
                }
                boolean changed = false;
                if (before != null) {
                    for (String gone : before) {
                        if (!now.contains(gone)) {
                            removeSubtree(root, child(dir, gone));
                            changed = true;
                        }
                    }
                }
                boolean leafLevel = depth(root, dir) + 1 == root.leafDepth();
                for (String name : now) {
                    if (isRoot && !root.wanted().test(name)) {
                        continue; // not read, not watched: its changes cost nothing
                    }
                    if (before == null || !before.contains(name)) {
                        if (leafLevel) {
                            readData(g, child(dir, name));
                        } else {
                            readChildren(g, child(dir, name));
                        }
                    }
                }
                return changed;
            }
            case NONODE -> {
                boolean changed = removeSubtree(root, dir);
                if (isRoot) {
                    watchRootCreation(g, dir); // not created yet: read it once it is
                }
                return changed;
            }
            case NOAUTH -> {
                // This sync may not list it (not the suite's directory): what is under it is invisible. Say so.
                problem(dir, "cannot list " + dir + " (no permission): the registrations under it are not seen");
                boolean changed = removeSubtree(root, dir);
                dirs.put(dir, new HashSet<>());
                if (!isRoot) {
                    dirs.get(parent(dir)).add(name(dir));
                }
                return changed;
            }
            default -> {
                readFailed(dir, code);
                return false;
            }
        }
    }

    private void dataRead(Generation g, String leaf, int rc, byte[] data, Stat stat) {
        boolean changed;
        synchronized (this) {
            if (!answered(g)) {
                return;
            }
            changed = storeData(leaf, KeeperException.Code.get(rc), data, stat);
            settle();
            changed |= trustMovedSinceTold();
        }
        if (changed) {
            listener.changed();
        }
    }

    private boolean storeData(String leaf, KeeperException.Code code, byte[] data, Stat stat) {
        Root root = rootOf(leaf);
        if (root == null || !dirs.containsKey(parent(leaf))) {
            return false; // its directory was removed meanwhile
        }
        Map<String, Leaf> under = leaves.get(root.path());
        switch (code) {
            case OK -> {
                byte[] bytes = data == null ? new byte[0] : data;
                under.put(leaf, new Leaf(new ViewBuilder.Node(leaf, stat.getMzxid(), stat.getCzxid(), bytes, null),
                        stat.getCzxid(), stat.getAversion()));
                changed.get(root.path()).add(leaf);
                dirs.get(parent(leaf)).add(name(leaf));
                return true;
            }
            case NONODE -> {
                return removeSubtree(root, leaf);
            }
            case NOAUTH -> {
                // Unreadable: kept as a node without payload, which the view reports and does not route.
                problem(leaf, "cannot read " + leaf + " (no permission)");
                under.put(leaf, new Leaf(new ViewBuilder.Node(leaf, -1, new byte[0]), -1, -1));
                changed.get(root.path()).add(leaf);
                dirs.get(parent(leaf)).add(name(leaf));
                return true;
            }
            default -> {
                readFailed(leaf, code);
                return false;
            }
        }
    }

    private void rootChecked(Generation g, String root, int rc, Stat stat) {
        boolean changed;
        synchronized (this) {
            if (!answered(g)) {
                return;
            }
            KeeperException.Code code = KeeperException.Code.get(rc);
            if (code == KeeperException.Code.OK) {
                readChildren(g, root); // created between the list and the check
            } else if (code != KeeperException.Code.NONODE) {
                readFailed(root, code);
            }
            settle();
            changed = trustMovedSinceTold();
        }
        if (changed) {
            listener.changed();
        }
    }

    private boolean trustMovedSinceTold() {
        boolean moved = trustMoved;
        trustMoved = false;
        return moved;
    }

    private void noOpAnswered(Generation g, long token, int level, int rc) {
        synchronized (this) {
            if (g != gen || token != resyncToken) {
                return;
            }
            if (rc != KeeperException.Code.OK.intValue() && rc != KeeperException.Code.NONODE.intValue()) {
                return; // the connection went again: the next reconnect resyncs again
            }
            if (level < RESYNC_NO_OPS) {
                noOp(g, token, level + 1);
                return;
            }
            resyncing = false;
            listener.trustChanged();
        }
        listener.changed();
    }

    private void watched(Generation g, WatchedEvent event) {
        String path = event.getPath();
        if (event.getType() == Watcher.Event.EventType.None || path == null) {
            return; // connection states arrive through Curator's listener
        }
        boolean changed = false;
        synchronized (this) {
            if (g != gen) {
                return;
            }
            Root root = rootOf(path);
            if (root == null) {
                return;
            }
            int depth = depth(root, path);
            switch (event.getType()) {
                case NodeChildrenChanged -> {
                    if (dirs.containsKey(path)) {
                        readChildren(g, path);
                    }
                }
                case NodeDataChanged -> {
                    if (depth == root.leafDepth() && dirs.containsKey(parent(path))) {
                        readData(g, path);
                    }
                }
                case NodeDeleted -> changed = removeSubtree(root, path);
                case NodeCreated -> {
                    if (depth == 0) {
                        readChildren(g, path);
                    }
                }
                default -> { }
            }
        }
        if (changed) {
            listener.changed();
        }
    }

    // ---- state (under the lock) ----

    private void readFailed(String path, KeeperException.Code code) {
        boolean first = failed.isEmpty();
        failed.put(path, code.name());
        if (first) {
            trustMoved = true;
            listener.trustChanged();
            LOG.warn("ZooKeeper read of {} failed ({}): not trusting the view until it is read again", path,
                    code.name());
        }
    }

    private boolean removeSubtree(Root root, String path) {
        boolean changed = false;
        Set<String> children = dirs.remove(path);
        if (children != null) {
            for (String name : children) {
                changed |= removeSubtree(root, child(path, name));
            }
        }
        if (leaves.get(root.path()).remove(path) != null) {
            this.changed.get(root.path()).add(path);
            changed = true;
        }
        if (!path.equals(root.path())) {
            Set<String> siblings = dirs.get(parent(path));
            if (siblings != null) {
                siblings.remove(name(path));
            }
        }
        return changed;
    }

    private void problem(String path, String message) {
        if (reported.add(path)) {
            LOG.warn("{}", message);
        }
    }

    private Root rootOf(String path) {
        for (Root root : roots) {
            if (path.equals(root.path()) || path.startsWith(root.path() + "/")) {
                return root;
            }
        }
        return null;
    }

    private static int depth(Root root, String path) {
        if (path.equals(root.path())) {
            return 0;
        }
        int depth = 0;
        for (int i = root.path().length(); i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String child(String dir, String name) {
        return dir + "/" + name;
    }
}
