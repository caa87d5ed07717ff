package org.mysqldiscovery.common.page;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pages into the log (logger {@code mysql-discovery.page}): the fallback when no pager is configured. */
public final class LogPageTransport implements PageTransport {
    private static final Logger PAGES = LoggerFactory.getLogger("mysql-discovery.page");

    @Override
    public void deliver(PageEvent event) {
        if (event.action() == PageEvent.Action.TRIGGER) {
            PAGES.error("PAGE {} [{}] {} source={} details={}", event.severity().token(), event.dedupKey(),
                    event.summary(), event.source(), event.details());
        } else {
            PAGES.warn("RESOLVED [{}] source={}", event.dedupKey(), event.source());
        }
    }

    @Override
    public String describe() {
        return "log";
    }
}
