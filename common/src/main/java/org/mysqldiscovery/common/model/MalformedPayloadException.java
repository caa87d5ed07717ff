package org.mysqldiscovery.common.model;

/** A znode payload (or other JSON document) that cannot be accepted; the message names where it came from and why. */
public final class MalformedPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
