package org.mysqldiscovery.common.page;

/** One delivery attempt of a page to a receiver (PagerDuty, a webhook, the log). */
public interface PageTransport {
    void deliver(PageEvent event) throws PageDeliveryException;

    String describe();
}
