package org.mysqldiscovery.health.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a small sample. */
final class Percentiles {
    private final double[] sorted;

    Percentiles(double[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    double at(double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    String summary(String unit) {
        return String.format("n=%d p50=%.1f%s p90=%.1f%s p99=%.1f%s max=%.1f%s", sorted.length, at(50), unit,
                at(90), unit, at(99), unit, max(), unit);
    }
}
