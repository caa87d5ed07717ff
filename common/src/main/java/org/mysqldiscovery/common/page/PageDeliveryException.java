package org.mysqldiscovery.common.page;

/**
 * A page that could not be delivered by one attempt. {@code retryable} follows PagerDuty Events v2: a 429 (rate
 * limited), a 5xx or no answer at all may succeed later; any other refusal (400 bad event, 401/403 bad routing key,
 * 404 wrong URL) will not, however often it is sent.
 */
public final class PageDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public PageDeliveryException(String message) {
        this(message, true);
    }

    public PageDeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public PageDeliveryException(String message, Throwable cause) {
        super(message, cause);
        this.retryable = true;
    }

    public boolean retryable() {
        return retryable;
    }

    /** PagerDuty Events v2: retry 429 and 5xx, never another status. */
    public static boolean retryableStatus(int status) {
        return status == 429 || (status >= 500 && status <= 599);
    }
}
