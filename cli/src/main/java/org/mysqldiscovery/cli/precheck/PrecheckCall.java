package org.mysqldiscovery.cli.precheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mysqldiscovery.common.model.Instance;

/**
 * One precheck, as the {@code precheck} command and the resident service ({@code serve}) both run it: the failed
 * primary is never checked as a replica, and the run ends within {@code deadline} counted from {@code startNanos}
 * (time already spent reading input counts).
 *
 * @param failed        the failed primary
 * @param replicas      its replicas (may be empty: then no replica can be reached and the verdict is FAIL)
 * @param maxLagSeconds largest acceptable lag of the best candidate
 * @param deadline      the whole run's bound
 * @param startNanos    {@link System#nanoTime()} when the call started
 */
public record PrecheckCall(Instance failed, List<Instance> replicas, long maxLagSeconds, Duration deadline,
        long startNanos) {
    /** Below this much time left, nothing is probed: the verdict is FAIL at once. */
    static final long MIN_PROBE_MILLIS = 100;

    public PrecheckCall {
        Objects.requireNonNull(failed, "failed");
        replicas = List.copyOf(new LinkedHashSet<>(replicas));
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * The verdict with the datacenter rule ({@link DatacenterRule}) applied to what {@code datacenters} supplies once
     * the probes are done (so a caller may look datacenters up while they run); notes about the input are appended to
     * {@code notes}.
     */
    public Verdict run(Prober prober, List<String> notes, java.util.function.Supplier<CrossDatacenter> datacenters) {
        return DatacenterRule.apply(run(prober, notes), failed, datacenters.get());
    }

    /** The verdict of the GTID rules alone, and notes about the input (appended to {@code notes}). */
    public Verdict run(Prober prober, List<String> notes) {
        List<Instance> members = new ArrayList<>(replicas);
        if (members.remove(failed)) {
            notes.add("the failed primary " + failed + " was named among the replicas: not checked as a replica");
        }
        Duration left = deadline.minusNanos(System.nanoTime() - startNanos);
        if (left.toMillis() < MIN_PROBE_MILLIS) {
            return new Verdict(false, "FAIL: no time left to probe the replicas", List.of(), List.of(), null, null,
                    List.of());
        }
        return new PrecheckRun(prober, left, maxLagSeconds).run(List.copyOf(members), Optional.of(failed));
    }
}
