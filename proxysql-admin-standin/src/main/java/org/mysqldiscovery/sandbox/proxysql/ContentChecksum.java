package org.mysqldiscovery.sandbox.proxysql;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * A checksum of a table's rows in ProxySQL's format ({@code 0x} and 16 upper-case hex digits,
 * {@code 0x0000000000000000} for no rows). The caller passes rows in a fixed order (the table's primary key), so
 * identical content gives the same checksum whatever order it was written in, and any edit changes it. The hash
 * itself is not ProxySQL's (SpookyHash over its own row layout): compare stand-in checksums with each other,
 * never with a real ProxySQL's.
 */
final class ContentChecksum {
    static final String EMPTY = "0x0000000000000000";

    private ContentChecksum() {
    }

    static String of(List<List<byte[]>> rows) {
        if (rows.isEmpty()) {
            return EMPTY;
        }
        MessageDigest digest = sha256();
        ByteBuffer length = ByteBuffer.allocate(4);
        for (List<byte[]> row : rows) {
            digest.update((byte) 'R');
            for (byte[] value : row) {
                length.clear();
                // The length prefix keeps ("ab","c") and ("a","bc") apart; -1 marks NULL.
                length.putInt(value == null ? -1 : value.length);
                digest.update(length.array());
                if (value != null) {
                    digest.update(value);
                }
            }
        }
        long hash = ByteBuffer.wrap(digest.digest()).getLong();
        return "0x" + String.format(Locale.ROOT, "%016X", hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
