package org.mysqldiscovery.sync.registry;

/** ZooKeeper could not be read or written as needed; the message says what and where. */
public final class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
