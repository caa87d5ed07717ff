package org.mysqldiscovery.sandbox.proxysql;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MySQL packet framing over one connection: a 3-byte length, a 1-byte sequence id, then the payload. Payloads of
 * 16 MiB - 1 bytes or more are split into several packets (and a final, possibly empty, shorter one), in both
 * directions. Sequence ids are checked on read and continued on write, as the protocol requires; every client
 * command starts a new sequence at 0 ({@link #startCommand()}).
 *
 * <p>Not thread-safe: one session thread owns it.
 */
final class PacketChannel {
    static final int MAX_PACKET_PAYLOAD = 0xffffff;

    private final InputStream in;
    private final OutputStream out;
    private final int maxPayloadBytes;
    private int nextSequence;

    /**
     * @param maxPayloadBytes the largest logical payload accepted from the client; a larger one fails with
     *                        {@link PacketTooLargeException} before its bytes are read
     */
    PacketChannel(InputStream in, OutputStream out, int maxPayloadBytes) {
        this.in = in;
        this.out = out;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** A client command always starts with sequence id 0. */
    void startCommand() {
        nextSequence = 0;
    }

    int nextSequence() {
        return nextSequence;
    }

    /**
     * Reads one logical payload (joining split packets).
     *
     * @throws EOFException            the client closed the connection (between or in the middle of packets)
     * @throws MalformedPacketException a sequence id out of order
     * @throws PacketTooLargeException  the payload would exceed the limit
     */
    byte[] readPayload() throws IOException {
        ByteArrayOutputStream joined = null;
        long total = 0;
        while (true) {
            int length = readHeader(joined == null && total == 0);
            total += length;
            if (total > maxPayloadBytes) {
                throw new PacketTooLargeException("payload of at least " + total + " bytes exceeds the limit of "
                        + maxPayloadBytes + " bytes");
            }
            // readNBytes grows its buffer as bytes arrive: a header that lies about the length costs nothing.
            byte[] part = in.readNBytes(length);
            if (part.length < length) {
                throw new EOFException("connection closed in the middle of a packet: got " + part.length + " of "
                        + length + " bytes");
            }
            if (length < MAX_PACKET_PAYLOAD) {
                if (joined == null) {
                    return part;
                }
                joined.write(part);
                return joined.toByteArray();
            }
            if (joined == null) {
                joined = new ByteArrayOutputStream(length + 1024);
            }
            joined.write(part);
        }
    }

    /** Writes one logical payload, splitting it as needed; call {@link #flush()} when the response is complete. */
    void write(byte[] payload) throws IOException {
        int offset = 0;
        while (true) {
            int length = Math.min(MAX_PACKET_PAYLOAD, payload.length - offset);
            out.write(length & 0xff);
            out.write((length >>> 8) & 0xff);
            out.write((length >>> 16) & 0xff);
            out.write(nextSequence);
            nextSequence = (nextSequence + 1) & 0xff;
            out.write(payload, offset, length);
            offset += length;
            if (length < MAX_PACKET_PAYLOAD) {
                return;
            }
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    private int readHeader(boolean firstOfPayload) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length == 0) {
            throw new EOFException(firstOfPayload ? "connection closed by the client"
                    : "connection closed between the parts of a split packet");
        }
        if (header.length < 4) {
            throw new EOFException("connection closed in the middle of a packet header (" + header.length
                    + " of 4 bytes)");
        }
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        int sequence = header[3] & 0xff;
        if (sequence != nextSequence) {
            throw new MalformedPacketException("packet sequence id " + sequence + " where " + nextSequence
                    + " was expected");
        }
        nextSequence = (sequence + 1) & 0xff;
        return length;
    }
}
