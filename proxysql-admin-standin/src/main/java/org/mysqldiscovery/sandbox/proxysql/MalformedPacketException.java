package org.mysqldiscovery.sandbox.proxysql;

import java.io.IOException;

/** A client sent bytes that are not a valid MySQL protocol packet; its connection is answered and closed. */
final class MalformedPacketException extends IOException {
    MalformedPacketException(String message) {
        super(message);
    }
}
