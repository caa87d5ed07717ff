package org.mysqldiscovery.sandbox.proxysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds one MySQL protocol payload: little-endian integers, length-encoded integers and strings. */
final class PayloadWriter {
    private byte[] buffer;
    private int size;

    PayloadWriter() {
        this(64);
    }

    PayloadWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    PayloadWriter int1(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    PayloadWriter int2(int value) {
        ensure(2);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
        return this;
    }

    PayloadWriter int3(int value) {
        ensure(3);
        buffer[size++] = (byte) value;
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) (value >>> 16);
        return this;
    }

    PayloadWriter int4(long value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    PayloadWriter int8(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Length-encoded integer; {@code value} is treated as unsigned. */
    PayloadWriter lenencInt(long value) {
        if (value >= 0 && value < 251) {
            return int1((int) value);
        }
        if (value >= 0 && value < (1 << 16)) {
            return int1(0xfc).int2((int) value);
        }
        if (value >= 0 && value < (1 << 24)) {
            return int1(0xfd).int3((int) value);
        }
        return int1(0xfe).int8(value);
    }

    PayloadWriter lenencString(String value) {
        return lenencBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    PayloadWriter lenencBytes(byte[] value) {
        lenencInt(value.length);
        return bytes(value);
    }

    /** A string followed by a NUL byte. */
    PayloadWriter nulString(String value) {
        bytes(value.getBytes(StandardCharsets.UTF_8));
        return int1(0);
    }

    /** A string that runs to the end of the payload. */
    PayloadWriter restString(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    PayloadWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    PayloadWriter bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
        return this;
    }

    PayloadWriter zeros(int count) {
        ensure(count);
        size += count; // the buffer is zero-filled where it was never written
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("payload larger than 2 GiB");
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, (long) buffer.length * 2);
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
    }
}
