package org.mysqldiscovery.sync.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;

/**
 * Finds a zxid W such that the registry's cache ({@link ZkRegistry}, one-shot watches) has processed every change
 * with zxid ≤ W.
 *
 * <ol>
 * <li>An asynchronous write ({@code setData} of the sync's own status node, same bytes) is sent; its reply carries
 *     W = the node's new mzxid. ZooKeeper sends this session the watch notification of every transaction ≤ W before
 *     that reply, and the client runs notifications and callbacks in arrival order on its one event thread: when the
 *     write's callback runs, every such notification has been processed. The cache processes a notification by
 *     removing a node (deletion) or by sending a read right there (level 1).</li>
 * <li>A read's callback may send deeper reads: a new registration in a new schema is NodeChildrenChanged(mysql/) →
 *     list mysql/ → list the schema → list the role → read the registration: {@link ZkRegistry#READ_LEVELS} levels
 *     at most. So from the write's callback {@code READ_LEVELS} asynchronous no-ops ({@code checkExists}) are
 *     chained, each sent from the previous one's callback. By induction, no-op k leaves after every read of level k
 *     (those were sent by callbacks that ran before the one sending no-op k: answers come back in order), so its
 *     callback runs after theirs, which sent level k + 1. When the last no-op's callback runs, every read caused by
 *     a change ≤ W has been answered and stored. The cache may hold later changes too, which is harmless: W is a
 *     lower bound.</li>
 * </ol>
 * <p>Shortcut: when the registry's cache has no read outstanding at the write's callback (or at a no-op's), every
 * read any notification ≤ W caused has been answered already (the cache counts a read from its sending to the end of
 * its answer's processing, which sends the deeper reads first), so the barrier stops there. In steady state a change
 * is read before the barrier's write comes back, and a pass costs one round trip instead of five.
 *
 * <p>The cache sends reads caused by notifications at once (its request window applies only to a from-scratch read,
 * during which the view is blind); a resync after reconnecting is covered by the registry staying blind until it
 * has finished, and a reconcile pass compares the registry's epoch around the barrier.
 */
public final class ZxidBarrier {
    private final CuratorFramework client;
    private final String path;
    private final Supplier<byte[]> currentData;
    private final int levels;
    private final BooleanSupplier readsSettled;

    /**
     * @param path        a node this client owns (the sync's status node)
     * @param currentData the node's current content: rewriting it unchanged makes the write invisible to readers
     */
    public ZxidBarrier(CuratorFramework client, String path, Supplier<byte[]> currentData) {
        this(client, path, currentData, ZkRegistry.READ_LEVELS, () -> false);
    }

    /**
     * A barrier that stops as soon as {@code registry} has no read outstanding (see the class comment): what a
     * reconcile loop uses.
     */
    public ZxidBarrier(CuratorFramework client, String path, Supplier<byte[]> currentData, ZkRegistry registry) {
        this(client, path, currentData, ZkRegistry.READ_LEVELS, registry::readsSettled);
    }

    /**
     * @param levels       chained no-ops after the write: the deepest chain of reads one notification causes
     * @param readsSettled true when the cache has no read outstanding (then the chain may stop)
     */
    ZxidBarrier(CuratorFramework client, String path, Supplier<byte[]> currentData, int levels,
            BooleanSupplier readsSettled) {
        this.readsSettled = Objects.requireNonNull(readsSettled, "readsSettled");
        if (levels < 1) {
            throw new IllegalArgumentException("levels must be at least 1, not " + levels);
        }
        this.levels = levels;
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.currentData = Objects.requireNonNull(currentData, "currentData");
    }

    /** Returns W; throws when ZooKeeper is unreachable, the node is missing, or the wait exceeds {@code timeout}. */
    public long pass(Duration timeout) throws RegistryException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong zxid = new AtomicLong(-1);
        AtomicReference<String> failure = new AtomicReference<>();
        BackgroundCallback caughtUp = new BackgroundCallback() {
            private int answered;

            @Override
            public void processResult(CuratorFramework c, org.apache.curator.framework.api.CuratorEvent event) {
                // Only the event thread runs this, one answer after the other: a plain counter is enough.
                answered++;
                if (answered >= levels || readsSettled.getAsBoolean()) {
                    done.countDown();
                    return;
                }
                try {
                    c.checkExists().inBackground(this).forPath(path);
                } catch (Exception e) {
                    failure.set(e.toString());
                    done.countDown();
                }
            }
        };
        BackgroundCallback written = (c, event) -> {
            if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
                failure.set("cannot write " + path + ": " + KeeperException.Code.get(event.getResultCode()));
                done.countDown();
                return;
            }
            zxid.set(event.getStat().getMzxid());
            if (readsSettled.getAsBoolean()) {
                done.countDown();
                return;
            }
            try {
                c.checkExists().inBackground(caughtUp).forPath(path);
            } catch (Exception e) {
                failure.set(e.toString());
                done.countDown();
            }
        };
        try {
            client.setData().inBackground(written).forPath(path, currentData.get());
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RegistryException("zxid barrier: no answer from ZooKeeper within " + timeout.toMillis()
                        + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("zxid barrier interrupted", e);
        } catch (RegistryException e) {
            throw e;
        } catch (Exception e) {
            // Curator declares Exception; anything here means the write was not even sent.
            throw new RegistryException("zxid barrier: " + e, e);
        }
        if (failure.get() != null) {
            throw new RegistryException("zxid barrier: " + failure.get());
        }
        return zxid.get();
    }
}
