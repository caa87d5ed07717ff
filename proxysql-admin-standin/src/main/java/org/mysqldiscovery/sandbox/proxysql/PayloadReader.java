package org.mysqldiscovery.sandbox.proxysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one MySQL protocol payload. Every read is bounds-checked: a client that lies about lengths gets a
 * {@link MalformedPacketException} that says what was being read and where, never an index error.
 */
final class PayloadReader {
    private final byte[] payload;
    private int position;

    PayloadReader(byte[] payload) {
        this.payload = payload;
    }

    int position() {
        return position;
    }

    int remaining() {
        return payload.length - position;
    }

    boolean hasRemaining() {
        return position < payload.length;
    }

    int int1(String what) throws MalformedPacketException {
        need(1, what);
        return payload[position++] & 0xff;
    }

    int int2(String what) throws MalformedPacketException {
        need(2, what);
        int value = (payload[position] & 0xff) | (payload[position + 1] & 0xff) << 8;
        position += 2;
        return value;
    }

    int int3(String what) throws MalformedPacketException {
        need(3, what);
        int value = (payload[position] & 0xff) | (payload[position + 1] & 0xff) << 8
                | (payload[position + 2] & 0xff) << 16;
        position += 3;
        return value;
    }

    long int4(String what) throws MalformedPacketException {
        need(4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) (payload[position + i] & 0xff) << (8 * i);
        }
        position += 4;
        return value;
    }

    long int8(String what) throws MalformedPacketException {
        need(8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (payload[position + i] & 0xff) << (8 * i);
        }
        position += 8;
        return value;
    }

    /** Length-encoded integer; returns -1 for the NULL marker 0xfb. */
    long lenencInt(String what) throws MalformedPacketException {
        int first = int1(what);
        if (first < 0xfb) {
            return first;
        }
        return switch (first) {
            case 0xfb -> -1;
            case 0xfc -> int2(what);
            case 0xfd -> int3(what);
            case 0xfe -> int8(what);
            default -> throw new MalformedPacketException(what + ": invalid length-encoded integer prefix 0x"
                    + Integer.toHexString(first) + " at offset " + (position - 1));
        };
    }

    byte[] bytes(int length, String what) throws MalformedPacketException {
        if (length < 0) {
            throw new MalformedPacketException(what + ": negative length " + length + " at offset " + position);
        }
        need(length, what);
        byte[] value = Arrays.copyOfRange(payload, position, position + length);
        position += length;
        return value;
    }

    byte[] lenencBytes(String what) throws MalformedPacketException {
        long length = lenencInt(what);
        if (length < 0 || length > remaining()) {
            throw new MalformedPacketException(what + ": declared length " + length + " but only " + remaining()
                    + " bytes remain at offset " + position);
        }
        return bytes((int) length, what);
    }

    /** Bytes up to (not including) the next NUL; the NUL is consumed. */
    byte[] nulBytes(String what) throws MalformedPacketException {
        int end = position;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        if (end >= payload.length) {
            throw new MalformedPacketException(what + ": missing NUL terminator after offset " + position);
        }
        byte[] value = Arrays.copyOfRange(payload, position, end);
        position = end + 1;
        return value;
    }

    String nulString(String what) throws MalformedPacketException {
        return new String(nulBytes(what), StandardCharsets.UTF_8);
    }

    byte[] rest() {
        byte[] value = Arrays.copyOfRange(payload, position, payload.length);
        position = payload.length;
        return value;
    }

    void skip(int count, String what) throws MalformedPacketException {
        need(count, what);
        position += count;
    }

    private void need(int count, String what) throws MalformedPacketException {
        if (count > payload.length - position) {
            throw new MalformedPacketException(what + ": needs " + count + " bytes at offset " + position
                    + " but the payload has " + payload.length + " bytes");
        }
    }
}
