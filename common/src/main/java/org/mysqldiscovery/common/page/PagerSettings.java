package org.mysqldiscovery.common.page;

import java.net.URI;
import java.time.Duration;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * Where pages go (config key {@code pager}).
 *
 * @param kind           {@code pagerduty}, {@code webhook} or {@code log}
 * @param url            receiver URL (PagerDuty default https://events.pagerduty.com/v2/enqueue)
 * @param routingKeyFile file with the PagerDuty integration (routing) key; pagerduty only
 * @param timeoutMillis  bound of one delivery attempt
 * @param attempts       delivery attempts per page at most (429, 5xx and connection failures are retried with
 *                       exponential back-off from 1 s, at most 60 s apart; other refusals are final)
 * @param queueCapacity  pages waiting at most; more are dropped and counted
 * @param retryForMillis no retry starts later than this after a page's first attempt
 */
public record PagerSettings(String kind, String url, SecretFile routingKeyFile, Integer timeoutMillis,
        Integer attempts, Integer queueCapacity, Integer retryForMillis) {
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    public PagerSettings {
        kind = kind == null ? "log" : kind;
        switch (kind) {
            case "pagerduty" -> {
                url = url == null ? PAGERDUTY_URL : url;
                if (routingKeyFile == null) {
                    throw new FieldException("routingKeyFile", "is required for kind pagerduty");
                }
            }
            case "webhook" -> {
                if (url == null) {
                    throw new FieldException("url", "is required for kind webhook");
                }
            }
            case "log" -> { }
            default -> throw new FieldException("kind", org.mysqldiscovery.common.model.Quoting.quote(kind)
                    + " is not one of pagerduty, webhook, log");
        }
        if (url != null) {
            URI parsed;
            try {
                parsed = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new FieldException("url", e.getMessage(), e);
            }
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new FieldException("url", "must be http:// or https://");
            }
        }
        timeoutMillis = Range.check("timeoutMillis", timeoutMillis, 5_000, 10, 60_000);
        attempts = Range.check("attempts", attempts, 20, 1, 100);
        retryForMillis = Range.check("retryForMillis", retryForMillis, 300_000, 0, 86_400_000);
        queueCapacity = Range.check("queueCapacity", queueCapacity, 1000, 1, 100_000);
    }

    /** Without {@code retryForMillis} (5 minutes). */
    public PagerSettings(String kind, String url, SecretFile routingKeyFile, Integer timeoutMillis, Integer attempts,
            Integer queueCapacity) {
        this(kind, url, routingKeyFile, timeoutMillis, attempts, queueCapacity, null);
    }

    public static PagerSettings log() {
        return new PagerSettings("log", null, null, null, null, null, null);
    }

    public static PagerSettings webhook(String url) {
        return new PagerSettings("webhook", url, null, null, null, null, null);
    }

    /** The transport this config names. */
    public PageTransport transport() {
        Duration timeout = Duration.ofMillis(timeoutMillis);
        return switch (kind) {
            case "pagerduty" -> new HttpPageTransport(HttpPageTransport.Shape.PAGERDUTY, URI.create(url),
                    routingKeyFile.value(), timeout);
            case "webhook" -> new HttpPageTransport(HttpPageTransport.Shape.WEBHOOK, URI.create(url), null, timeout);
            default -> new LogPageTransport();
        };
    }

    /** A started asynchronous pager for this config; the caller closes it. */
    public AsyncPager startPager(org.mysqldiscovery.common.metrics.Telemetry metrics) {
        AsyncPager pager = new AsyncPager(transport(), queueCapacity, attempts, Duration.ofSeconds(1),
                Duration.ofMillis(retryForMillis), metrics);
        pager.start();
        return pager;
    }
}
