package org.mysqldiscovery.cli.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reads many nodes at once: requests are pipelined (up to {@link #WINDOW} in flight) instead of one round trip
 * each, so a view of 10,000 registrations reads in a fraction of a second rather than seconds.
 */
final class BulkReader {
    /** In-flight requests at most: keeps memory bounded and stays under the server's outstanding-request limit. */
    static final int WINDOW = 500;

    private final CuratorFramework client;
    private final long timeoutMillis;

    /** One node's answer; empty when the node vanished meanwhile. */
    record Fetched(String path, Stat stat, byte[] data, List<String> children) {
    }

    BulkReader(CuratorFramework client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    List<Optional<Fetched>> children(List<String> paths) throws ViewReadException {
        return fetch(paths, true);
    }

    List<Optional<Fetched>> data(List<String> paths) throws ViewReadException {
        return fetch(paths, false);
    }

    private List<Optional<Fetched>> fetch(List<String> paths, boolean children) throws ViewReadException {
        int n = paths.size();
        @SuppressWarnings("unchecked")
        Optional<Fetched>[] results = new Optional[n];
        KeeperException.Code[] failures = new KeeperException.Code[n];
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch done = new CountDownLatch(n);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < n; i++) {
            int index = i;
            String path = paths.get(i);
            BackgroundCallback callback = (c, event) -> {
                try {
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code == KeeperException.Code.OK) {
                        List<String> kids = new ArrayList<>(event.getChildren() == null ? List.of()
                                : event.getChildren());
                        kids.sort(null);
                        results[index] = Optional.of(new Fetched(path, event.getStat(),
                                event.getData() == null ? new byte[0] : event.getData(), kids));
                    } else if (code == KeeperException.Code.NONODE) {
                        results[index] = Optional.empty();
                    } else {
                        failures[index] = code;
                    }
                } catch (RuntimeException e) {
                    // Never leave the waiter hanging: an unexpected answer is a failure of this read.
                    failures[index] = KeeperException.Code.SYSTEMERROR;
                } finally {
                    window.release();
                    done.countDown();
                }
            };
            try {
                if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new ViewReadException("reading " + n + " nodes from ZooKeeper took longer than "
                            + timeoutMillis + " ms", null);
                }
                if (children) {
                    client.getChildren().inBackground(callback).forPath(path);
                } else {
                    client.getData().inBackground(callback).forPath(path);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ViewReadException("interrupted while reading ZooKeeper", e);
            } catch (ViewReadException e) {
                throw e;
            } catch (Exception e) {
                throw ViewReader.failure(path, e);
            }
        }
        try {
            if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new ViewReadException("reading " + n + " nodes from ZooKeeper took longer than "
                        + timeoutMillis + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewReadException("interrupted while reading ZooKeeper", e);
        }
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                throw new ViewReadException("cannot read " + paths.get(i) + " from ZooKeeper: " + failures[i].name(),
                        null);
            }
        }
        return List.of(results);
    }
}
