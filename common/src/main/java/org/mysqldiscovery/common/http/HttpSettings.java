package org.mysqldiscovery.common.http;

/**
 * Where a program's HTTP server listens.
 *
 * @param bindAddress address to bind, e.g. 127.0.0.1 or 0.0.0.0
 * @param port        TCP port; 0 picks a free one (tests)
 */
public record HttpSettings(String bindAddress, Integer port) {
    public HttpSettings {
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        if (bindAddress.isBlank() || bindAddress.length() > 255) {
            throw new IllegalArgumentException("bindAddress: must be an address such as 127.0.0.1");
        }
        if (port == null) {
            throw new IllegalArgumentException("port: is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is out of range 0..65535");
        }
    }

    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port);
    }
}
