package org.mysqldiscovery.role.quarantine;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.MalformedPayloadException;
import org.mysqldiscovery.common.model.PayloadCodec;
import org.mysqldiscovery.common.model.QuarantineRecord;
import org.mysqldiscovery.common.zk.ZkLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the persistent {@code quarantine/<instance>} node. Idempotent: when the node exists already (an earlier
 * failover, an operator) it is kept as it is, so the operator sees the first cause and its time. Bounded: Curator
 * retries a write while ZooKeeper is unreachable; the caller waits at most {@code bound} and then goes on without
 * it. The write itself is not abandoned: if ZooKeeper comes back soon it still lands, which is what we want.
 */
public final class ZkQuarantineStore implements QuarantineStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZkQuarantineStore.class);

    private final CuratorFramework client;
    private final ZkLayout layout;
    private final Duration bound;
    private final ExecutorService executor;
    private final Supplier<String> connectionState;

    /**
     * @param executor        runs the blocking Curator call so that the caller can stop waiting
     * @param connectionState the client's connection state, for the failure message
     */
    public ZkQuarantineStore(CuratorFramework client, ZkLayout layout, Duration bound, ExecutorService executor,
            Supplier<String> connectionState) {
        this.client = client;
        this.layout = layout;
        this.bound = bound;
        this.executor = executor;
        this.connectionState = connectionState;
    }

    @Override
    public QuarantineOutcome quarantine(Instance instance, QuarantineRecord record) {
        String path = layout.quarantinePath(instance);
        byte[] payload = PayloadCodec.encode(record);
        Future<QuarantineOutcome> write;
        try {
            write = executor.submit(() -> {
                try {
                    return create(path, payload);
                } catch (Exception e) {
                    // Also seen when the caller has stopped waiting: the write is then lost, say so.
                    LOG.error("quarantine write of {} failed: {}", path, e.toString());
                    throw e;
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return failed(path, "the agent is shutting down");
        }
        try {
            return write.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("quarantine {} not confirmed within {} ms (ZooKeeper {}); flipping without it, the write goes "
                    + "on in the background", path, bound.toMillis(), connectionState.get());
            return new QuarantineOutcome(QuarantineOutcome.Status.FAILED, "ZooKeeper did not confirm the write of "
                    + path + " within " + bound.toMillis() + " ms (connection " + connectionState.get()
                    + "); it is retried in the background and may still land");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("quarantine {} failed: {}", path, cause.toString());
            return failed(path, describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(path, "interrupted");
        }
    }

    private QuarantineOutcome create(String path, byte[] payload) throws Exception {
        long started = System.nanoTime();
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, payload);
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("quarantined: wrote {} in {} ms", path, millis);
            return new QuarantineOutcome(QuarantineOutcome.Status.WRITTEN, "wrote " + path);
        } catch (KeeperException.NodeExistsException e) {
            return new QuarantineOutcome(QuarantineOutcome.Status.ALREADY_PRESENT, path + " already exists, kept as "
                    + "it was" + existing(path));
        }
    }

    private String existing(String path) {
        try {
            QuarantineRecord record = PayloadCodec.decodeQuarantine(client.getData().forPath(path), path);
            return " (since " + record.createdAt() + " by " + record.createdBy() + ")";
        } catch (MalformedPayloadException e) {
            return " (its payload is unreadable: " + e.getMessage() + ")";
        } catch (Exception e) {
            return "";
        }
    }

    private static QuarantineOutcome failed(String path, String why) {
        return new QuarantineOutcome(QuarantineOutcome.Status.FAILED, "cannot write " + path + ": " + why);
    }

    private static String describe(Throwable e) {
        if (e instanceof KeeperException keeper) {
            return keeper.code() + (keeper.code() == KeeperException.Code.NOAUTH ? " (the agent's ZooKeeper identity"
                    + " may not write the quarantine)" : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
