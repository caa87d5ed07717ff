package org.mysqldiscovery.sync.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;

/**
 * Finds a zxid W such that the Curator caches of this client have processed every change with zxid ≤ W.
 *
 * <ol>
 * <li>An asynchronous write ({@code setData} of the sync's own status node, same bytes) is sent; its reply carries
 *     W = the node's new mzxid. ZooKeeper sends this session the watch notification of every transaction ≤ W before
 *     that reply, and the client runs notifications and callbacks in arrival order on its one event thread: when the
 *     write's callback runs, every such notification has been processed. A CuratorCache processes a notification
 *     by removing the node (deletion) or by sending a read (creation, data change) right there.</li>
 * <li>From that callback an asynchronous no-op ({@code checkExists}) is sent: it leaves after every such read, so
 *     its callback runs after their answers have been stored. Then the caches hold every change ≤ W (perhaps later
 *     ones too, which is harmless: W is a lower bound).</li>
 * </ol>
 * This is the two-no-op barrier with the write's own callback as the first no-op: two round trips instead of three.
 * The recursive watch of a CuratorCache notifies every node, so one read per notification suffices; the deeper reads
 * of a rebuild after reconnecting are covered by the registry staying blind until the rebuild has finished.
 */
public final class ZxidBarrier {
    private final CuratorFramework client;
    private final String path;
    private final Supplier<byte[]> currentData;

    /**
     * @param path        a node this client owns (the sync's status node)
     * @param currentData the node's current content: rewriting it unchanged makes the write invisible to readers
     */
    public ZxidBarrier(CuratorFramework client, String path, Supplier<byte[]> currentData) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.currentData = Objects.requireNonNull(currentData, "currentData");
    }

    /** Returns W; throws when ZooKeeper is unreachable, the node is missing, or the wait exceeds {@code timeout}. */
    public long pass(Duration timeout) throws RegistryException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong zxid = new AtomicLong(-1);
        AtomicReference<String> failure = new AtomicReference<>();
        BackgroundCallback caughtUp = (c, event) -> done.countDown();
        BackgroundCallback written = (c, event) -> {
            if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
                failure.set("cannot write " + path + ": " + KeeperException.Code.get(event.getResultCode()));
                done.countDown();
                return;
            }
            zxid.set(event.getStat().getMzxid());
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
