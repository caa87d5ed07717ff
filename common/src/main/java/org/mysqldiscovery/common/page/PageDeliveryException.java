package org.mysqldiscovery.common.page;

/** A page that could not be delivered by one attempt. */
public final class PageDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public PageDeliveryException(String message) {
        super(message);
    }

    public PageDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
