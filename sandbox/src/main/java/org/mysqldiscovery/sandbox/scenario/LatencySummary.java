package org.mysqldiscovery.sandbox.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * p50, p99 and max of a set of durations in milliseconds (nearest-rank percentiles; with few runs p99 is the max).
 *
 * @param p50   median
 * @param p99   99th percentile
 * @param max   largest
 * @param count how many samples
 */
public record LatencySummary(long p50, long p99, long max, int count) {
    public static final LatencySummary EMPTY = new LatencySummary(-1, -1, -1, 0);

    public static LatencySummary of(List<Long> samples) {
        if (samples.isEmpty()) {
            return EMPTY;
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return new LatencySummary(rank(sorted, 0.50), rank(sorted, 0.99), sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static long rank(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
