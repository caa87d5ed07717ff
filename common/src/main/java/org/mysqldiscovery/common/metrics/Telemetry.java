package org.mysqldiscovery.common.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * One program's metrics registry (Prometheus Java client): every name starts with {@value #PREFIX}, uses base units
 * (seconds, bytes), counters end in {@code _total}. Registers the JVM and process metrics and
 * {@code mysql_discovery_build_info{version,program}} when created. docs/DESIGN.md "Metrics" lists the names.
 */
public final class Telemetry {
    public static final String PREFIX = "mysql_discovery_";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Latencies of checks, requests and passes: 1 ms .. 60 s. */
    public static final double[] LATENCY_BUCKETS_SECONDS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry;
    private final String program;

    private Telemetry(PrometheusRegistry registry, String program) {
        this.registry = registry;
        this.program = program;
    }

    /** A registry with the JVM, process and build_info metrics of {@code program}. */
    public static Telemetry forProgram(String program, String version) {
        Telemetry telemetry = bare(program);
        JvmMetrics.builder().register(telemetry.registry);
        Info build = Info.builder().name(PREFIX + "build_info")
                .help("Always 1: the version of the program serving these metrics")
                .labelNames("version", "program").register(telemetry.registry);
        build.setLabelValues(Objects.requireNonNull(version, "version"), program);
        return telemetry;
    }

    /** A registry with only this program's own metrics (unit tests that create many). */
    public static Telemetry bare(String program) {
        return new Telemetry(new PrometheusRegistry(), Objects.requireNonNull(program, "program"));
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public String program() {
        return program;
    }

    /** @param name without prefix, ending in {@code _total} */
    public Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(check(name, "_total")).help(help).labelNames(labels).register(registry);
    }

    /** @param name without prefix, ending in {@code _seconds} */
    public Histogram seconds(String name, String help, String... labels) {
        return Histogram.builder().name(check(name, "_seconds")).help(help).labelNames(labels).classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS_SECONDS).register(registry);
    }

    /** A gauge read at scrape time. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(check(name, "")).help(help)
                .callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /** A counter kept elsewhere (a monotonic count), read at scrape time. @param name ending in {@code _total} */
    public void counterFn(String name, String help, DoubleSupplier value) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name(check(name, "_total")).help(help)
                .callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }

    /** A 0/1 gauge read at scrape time. */
    public void flag(String name, String help, java.util.function.BooleanSupplier value) {
        gauge(name, help, () -> value.getAsBoolean() ? 1 : 0);
    }

    /** A labelled gauge read at scrape time: {@code callback} calls {@code cb.call(value, labelValues...)}. */
    public void gauges(String name, String help, java.util.function.Consumer<GaugeWithCallback.Callback> callback,
            String... labels) {
        GaugeWithCallback.builder().name(check(name, "")).help(help).labelNames(labels).callback(callback)
                .register(registry);
    }

    private static String check(String name, String suffix) {
        if (!NAME.matcher(name).matches() || name.startsWith(PREFIX) || !name.endsWith(suffix)) {
            throw new IllegalArgumentException("metric name '" + name + "' must be snake_case, without the "
                    + PREFIX + " prefix" + (suffix.isEmpty() ? "" : ", ending in " + suffix));
        }
        return PREFIX + name;
    }

    /** Seconds since {@code startNanos} (from {@link System#nanoTime()}). */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
