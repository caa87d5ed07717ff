package org.mysqldiscovery.common.page;

/** Sends pages. Implementations used by daemons must never block the caller for long (see {@link AsyncPager}). */
public interface Pager extends AutoCloseable {
    void send(PageEvent event);

    @Override
    default void close() {
    }
}
