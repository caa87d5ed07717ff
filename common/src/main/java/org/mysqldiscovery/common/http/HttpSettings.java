package org.mysqldiscovery.common.http;

import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
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
            throw new FieldException("bindAddress", "must be an address such as 127.0.0.1");
        }
        if (port == null) {
            throw new FieldException("port", "is required");
        }
        Range.check("port", port, 0, 65535);
    }

    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port);
    }
}
