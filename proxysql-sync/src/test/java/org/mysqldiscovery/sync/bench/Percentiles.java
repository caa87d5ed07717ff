package org.mysqldiscovery.sync.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Prints p50/p99/max of a histogram of nanoseconds, in milliseconds. */
final class Percentiles {
    private Percentiles() {
    }

    static String describe(String what, Histogram nanos) {
        return String.format("%s: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms", what, nanos.getTotalCount(),
                ms(nanos.getValueAtPercentile(50)), ms(nanos.getValueAtPercentile(99)), ms(nanos.getMaxValue()));
    }

    static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
