package org.mysqldiscovery.sandbox.proxysql;

import java.util.List;

/** Payloads the stand-in sends, laid out as the MySQL client/server protocol (4.1) defines them. */
final class ServerPackets {
    static final int PROTOCOL_VERSION = 10;
    /** utf8_general_ci, what ProxySQL announces and uses for every admin column. */
    static final int CHARSET_UTF8_GENERAL_CI = 33;
    static final int TYPE_VAR_STRING = 0xfd;
    static final int MAX_ERROR_MESSAGE_CHARS = 1024;

    private ServerPackets() {
    }

    static byte[] greeting(String serverVersion, long connectionId, byte[] scramble) {
        return new PayloadWriter(128)
                .int1(PROTOCOL_VERSION)
                .nulString(serverVersion)
                .int4(connectionId)
                .bytes(scramble, 0, 8)
                .int1(0)
                .int2(Capabilities.SERVER & 0xffff)
                .int1(CHARSET_UTF8_GENERAL_CI)
                .int2(Capabilities.STATUS_AUTOCOMMIT)
                .int2(Capabilities.SERVER >>> 16)
                .int1(scramble.length + 1)
                .zeros(10)
                .bytes(scramble, 8, scramble.length - 8)
                .int1(0)
                .nulString(NativePassword.PLUGIN_NAME)
                .toByteArray();
    }

    static byte[] authSwitchRequest(byte[] scramble) {
        return new PayloadWriter(64)
                .int1(0xfe)
                .nulString(NativePassword.PLUGIN_NAME)
                .bytes(scramble)
                .int1(0)
                .toByteArray();
    }

    static byte[] ok(long affectedRows, String info) {
        PayloadWriter writer = new PayloadWriter(16 + info.length())
                .int1(0x00)
                .lenencInt(affectedRows)
                .lenencInt(0)
                .int2(Capabilities.STATUS_AUTOCOMMIT)
                .int2(0);
        if (!info.isEmpty()) {
            // Length-encoded, as ProxySQL writes it (MySQL writes string<EOF> without session tracking).
            writer.lenencString(info);
        }
        return writer.toByteArray();
    }

    /**
     * An ERR packet. Messages are cut at {@value #MAX_ERROR_MESSAGE_CHARS} characters: SQLite quotes the offending
     * token whole ({@code near "...": syntax error}), and a 16 MiB token would otherwise make an ERR packet that
     * the C clients cannot read (they keep 512 bytes).
     */
    static byte[] error(int code, String sqlState, String message) {
        if (message.length() > MAX_ERROR_MESSAGE_CHARS) {
            message = message.substring(0, MAX_ERROR_MESSAGE_CHARS) + "...";
        }
        return new PayloadWriter(16 + message.length())
                .int1(0xff)
                .int2(code)
                .restString("#" + sqlState)
                .restString(message)
                .toByteArray();
    }

    static byte[] eof() {
        return new PayloadWriter(8).int1(0xfe).int2(0).int2(Capabilities.STATUS_AUTOCOMMIT).toByteArray();
    }

    /** The OK packet with an 0xfe header that ends a result set when CLIENT_DEPRECATE_EOF is in use. */
    static byte[] resultSetEndOk() {
        return new PayloadWriter(8).int1(0xfe).lenencInt(0).lenencInt(0).int2(Capabilities.STATUS_AUTOCOMMIT)
                .int2(0).toByteArray();
    }

    static byte[] columnCount(int count) {
        return new PayloadWriter(9).lenencInt(count).toByteArray();
    }

    /**
     * A ColumnDefinition41. Like the real admin, every column is a VAR_STRING in utf8_general_ci with no schema or
     * table, whatever SQLite holds in it.
     */
    static byte[] columnDefinition(String name) {
        return new PayloadWriter(32 + name.length())
                .lenencString("def")
                .lenencString("")
                .lenencString("")
                .lenencString("")
                .lenencString(name)
                .lenencString("")
                .lenencInt(0x0c)
                .int2(CHARSET_UTF8_GENERAL_CI)
                .int4(15)
                .int1(TYPE_VAR_STRING)
                .int2(1)
                .int1(0x1f)
                .int2(0)
                .toByteArray();
    }

    /** A text-protocol row: each value length-encoded, 0xfb for NULL. */
    static byte[] row(List<byte[]> values) {
        int size = 0;
        for (byte[] value : values) {
            size += value == null ? 1 : value.length + 9;
        }
        PayloadWriter writer = new PayloadWriter(size);
        for (byte[] value : values) {
            if (value == null) {
                writer.int1(0xfb);
            } else {
                writer.lenencBytes(value);
            }
        }
        return writer.toByteArray();
    }
}
