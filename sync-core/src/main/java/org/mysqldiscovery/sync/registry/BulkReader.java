package org.mysqldiscovery.sync.registry;

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

    /** One node's answer; empty when the node vanished meanwhile. {@code acl} null when not asked for. */
    record Fetched(String path, Stat stat, byte[] data, List<String> children, List<RegistrationTrust.AclEntry> acl) {
    }

    private enum Ask { CHILDREN, DATA, ACL }

    BulkReader(CuratorFramework client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    List<Optional<Fetched>> children(List<String> paths) throws RegistryException {
        return fetch(paths, Ask.CHILDREN);
    }

    List<Optional<Fetched>> data(List<String> paths) throws RegistryException {
        return fetch(paths, Ask.DATA);
    }

    /**
     * The ACLs only ({@code data} empty): ZooKeeper answers data and ACL in separate requests. A node gone or whose
     * ACL this client may not read is empty.
     */
    List<Optional<Fetched>> acls(List<String> paths) throws RegistryException {
        return fetch(paths, Ask.ACL);
    }

    private List<Optional<Fetched>> fetch(List<String> paths, Ask ask) throws RegistryException {
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
                        List<RegistrationTrust.AclEntry> acl = ask != Ask.ACL ? null
                                : event.getACLList().stream().map(a -> new RegistrationTrust.AclEntry(
                                        a.getId().getScheme(), a.getId().getId(), a.getPerms())).toList();
                        results[index] = Optional.of(new Fetched(path, event.getStat(),
                                event.getData() == null ? new byte[0] : event.getData(), kids, acl));
                    } else if (code == KeeperException.Code.NONODE
                            || (ask == Ask.ACL && code == KeeperException.Code.NOAUTH)) {
                        results[index] = Optional.empty(); // gone (or, for an ACL, not ours to read)
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
                    throw new RegistryException("reading " + n + " nodes from ZooKeeper took longer than "
                            + timeoutMillis + " ms");
                }
                switch (ask) {
                    case CHILDREN -> client.getChildren().inBackground(callback).forPath(path);
                    case DATA -> client.getData().inBackground(callback).forPath(path);
                    case ACL -> client.getACL().inBackground(callback).forPath(path);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while reading ZooKeeper", e);
            } catch (RegistryException e) {
                throw e;
            } catch (Exception e) {
                throw TreeReader.failure(path, e);
            }
        }
        try {
            if (!done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new RegistryException("reading " + n + " nodes from ZooKeeper took longer than "
                        + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while reading ZooKeeper", e);
        }
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                throw new RegistryException("cannot read " + paths.get(i) + " from ZooKeeper: "
                        + failures[i].name());
            }
        }
        return List.of(results);
    }
}
