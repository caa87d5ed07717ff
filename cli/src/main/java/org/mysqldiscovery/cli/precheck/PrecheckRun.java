package org.mysqldiscovery.cli.precheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mysqldiscovery.common.model.Instance;

/**
 * Runs a precheck within a hard deadline: one thread per server, each probe bounded by its own timeouts and the whole
 * run by the deadline (a probe that has not answered by then counts as unreachable; its daemon thread is abandoned
 * and ends with its socket timeout). When the only obstacle is a replica still applying its relay log with an
 * unknown lag, it probes that replica again until it passes or time is up.
 */
public final class PrecheckRun {
    /** Time kept back from the deadline to decide and print. */
    static final long RESERVE_MILLIS = 250;
    private static final long RETRY_PAUSE_MILLIS = 200;

    private final Prober prober;
    private final Duration deadline;
    private final long maxLagSeconds;

    public PrecheckRun(Prober prober, Duration deadline, long maxLagSeconds) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        this.prober = prober;
        this.deadline = deadline;
        this.maxLagSeconds = maxLagSeconds;
    }

    public Verdict run(List<Instance> replicas, Optional<Instance> failedPrimary) {
        long start = System.nanoTime();
        long reserve = Math.min(TimeUnit.MILLISECONDS.toNanos(RESERVE_MILLIS), deadline.toNanos() / 5);
        long probeBy = start + deadline.toNanos() - reserve;
        ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
        try {
            List<Instance> all = new ArrayList<>(replicas);
            failedPrimary.ifPresent(all::add);
            Map<Instance, ProbeResult> results = round(threads, all, probeBy);
            Verdict verdict = decide(replicas, failedPrimary, results);
            while (!verdict.pass() && !verdict.catchingUp().isEmpty()
                    && probeBy - System.nanoTime() > TimeUnit.MILLISECONDS.toNanos(2 * RETRY_PAUSE_MILLIS)) {
                pause();
                List<Instance> again = verdict.catchingUp().stream().map(Instance::parse).toList();
                results.putAll(round(threads, again, probeBy));
                verdict = decide(replicas, failedPrimary, results);
            }
            return verdict;
        } finally {
            threads.shutdownNow();
        }
    }

    private Verdict decide(List<Instance> replicas, Optional<Instance> failedPrimary,
            Map<Instance, ProbeResult> results) {
        List<ProbeResult> ordered = replicas.stream().map(results::get).toList();
        return PrecheckDecision.decide(ordered, failedPrimary.map(results::get), maxLagSeconds);
    }

    private Map<Instance, ProbeResult> round(ExecutorService threads, List<Instance> instances, long probeBy) {
        Map<Instance, Future<ProbeResult>> futures = new LinkedHashMap<>();
        for (Instance instance : instances) {
            futures.put(instance, threads.submit(() -> prober.probe(instance, probeBy)));
        }
        Map<Instance, ProbeResult> results = new LinkedHashMap<>();
        for (Map.Entry<Instance, Future<ProbeResult>> entry : futures.entrySet()) {
            Instance instance = entry.getKey();
            Future<ProbeResult> future = entry.getValue();
            try {
                long wait = Math.max(0, probeBy - System.nanoTime());
                results.put(instance, future.get(wait, TimeUnit.NANOSECONDS));
            } catch (TimeoutException | CancellationException e) {
                future.cancel(true);
                results.put(instance, new ProbeResult.Unreachable(instance,
                        "no answer before the deadline"));
            } catch (ExecutionException e) {
                // A probe is written not to throw; if one does, the server could not be checked.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                results.put(instance, new ProbeResult.Unreadable(instance, "probe failed: "
                        + cause.getClass().getSimpleName() + ": " + MysqlConnector.brief(cause)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.put(instance, new ProbeResult.Unreachable(instance, "interrupted"));
            }
        }
        return results;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "precheck-probe-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
