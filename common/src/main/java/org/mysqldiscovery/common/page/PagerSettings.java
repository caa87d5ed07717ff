package org.mysqldiscovery.common.page;

import java.net.URI;
import java.time.Duration;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * Where pages go (config key {@code pager}).
 *
 * @param kind           {@code pagerduty}, {@code webhook} or {@code log}
 * @param url            receiver URL (PagerDuty default https://events.pagerduty.com/v2/enqueue)
 * @param routingKeyFile file with the PagerDuty integration (routing) key; pagerduty only
 * @param timeoutMillis  bound of one delivery attempt
 * @param attempts       delivery attempts per page
 * @param queueCapacity  pages waiting at most; more are dropped and counted
 */
public record PagerSettings(String kind, String url, SecretFile routingKeyFile, Integer timeoutMillis,
        Integer attempts, Integer queueCapacity) {
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";

    public PagerSettings {
        kind = kind == null ? "log" : kind;
        switch (kind) {
            case "pagerduty" -> {
                url = url == null ? PAGERDUTY_URL : url;
                if (routingKeyFile == null) {
                    throw new IllegalArgumentException("routingKeyFile: is required for kind pagerduty");
                }
            }
            case "webhook" -> {
                if (url == null) {
                    throw new IllegalArgumentException("url: is required for kind webhook");
                }
            }
            case "log" -> { }
            default -> throw new IllegalArgumentException("kind: " + org.mysqldiscovery.common.model.Quoting.quote(kind)
                    + " is not one of pagerduty, webhook, log");
        }
        if (url != null) {
            URI parsed;
            try {
                parsed = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("url: " + e.getMessage(), e);
            }
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("url: must be http:// or https://");
            }
        }
        timeoutMillis = timeoutMillis == null ? 5_000 : timeoutMillis;
        if (timeoutMillis < 10 || timeoutMillis > 60_000) {
            throw new IllegalArgumentException("timeoutMillis: " + timeoutMillis + " is out of range 10..60000");
        }
        attempts = attempts == null ? 3 : attempts;
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts: " + attempts + " is out of range 1..10");
        }
        queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        if (queueCapacity < 1 || queueCapacity > 100_000) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " is out of range 1..100000");
        }
    }

    public static PagerSettings log() {
        return new PagerSettings("log", null, null, null, null, null);
    }

    public static PagerSettings webhook(String url) {
        return new PagerSettings("webhook", url, null, null, null, null);
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
        AsyncPager pager = new AsyncPager(transport(), queueCapacity, attempts, Duration.ofMillis(200), metrics);
        pager.start();
        return pager;
    }
}
