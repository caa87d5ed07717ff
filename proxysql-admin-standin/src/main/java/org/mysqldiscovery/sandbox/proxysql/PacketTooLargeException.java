package org.mysqldiscovery.sandbox.proxysql;

import java.io.IOException;

/** A client announced a payload above the stand-in's limit; nothing beyond the limit is read. */
final class PacketTooLargeException extends IOException {
    PacketTooLargeException(String message) {
        super(message);
    }
}
