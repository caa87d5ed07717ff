package org.mysqldiscovery.sandbox.proxysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal MySQL protocol client for tests that need to send what no driver sends: garbage, lies about lengths,
 * half packets. It does not ask for CLIENT_DEPRECATE_EOF, so it also exercises the classic EOF-terminated result
 * sets that the JDBC drivers never see.
 */
final class RawMysqlClient implements AutoCloseable {
    static final int CLIENT_CAPABILITIES = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG
            | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
            | Capabilities.MULTI_RESULTS | Capabilities.PLUGIN_AUTH;

    /** A server reply: OK, ERR, or a result set (rows as text, null for NULL). */
    record Reply(Kind kind, int errorCode, String sqlState, String message, List<String> columns,
                 List<List<String>> rows) {
        enum Kind { OK, ERROR, ROWS }

        static Reply ok(String info) {
            return new Reply(Kind.OK, 0, "", info, List.of(), List.of());
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PacketChannel channel;
    private final byte[] greeting;

    private RawMysqlClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.channel = new PacketChannel(in, out, Integer.MAX_VALUE - 64);
        this.greeting = channel.readPayload();
    }

    /** Connects and reads the greeting (nothing else is sent). */
    static RawMysqlClient connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        return new RawMysqlClient(socket);
    }

    static RawMysqlClient login(String host, int port, String user, String password) throws IOException {
        RawMysqlClient client = connect(host, port);
        Reply reply = client.authenticate(user, password);
        if (reply.kind() != Reply.Kind.OK) {
            client.close();
            throw new IOException("login refused: " + reply.message());
        }
        return client;
    }

    String serverVersion() throws MalformedPacketException {
        PayloadReader reader = new PayloadReader(greeting);
        reader.int1("protocol");
        return reader.nulString("version");
    }

    Reply authenticate(String user, String password) throws IOException {
        PayloadReader reader = new PayloadReader(greeting);
        reader.int1("protocol");
        reader.nulString("version");
        reader.int4("connection id");
        byte[] first = reader.bytes(8, "scramble 1");
        reader.skip(1 + 2 + 1 + 2 + 2 + 1 + 10, "greeting flags");
        byte[] second = reader.bytes(12, "scramble 2");
        byte[] scramble = new byte[20];
        System.arraycopy(first, 0, scramble, 0, 8);
        System.arraycopy(second, 0, scramble, 8, 12);
        byte[] token = NativePassword.token(password, scramble);
        byte[] response = new PayloadWriter()
                .int4(CLIENT_CAPABILITIES)
                .int4(16 * 1024 * 1024)
                .int1(33)
                .zeros(23)
                .nulString(user)
                .int1(token.length)
                .bytes(token)
                .nulString(NativePassword.PLUGIN_NAME)
                .toByteArray();
        channel.write(response);
        channel.flush();
        return readReply();
    }

    Reply query(String sql) throws IOException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1];
        payload[0] = 0x03;
        System.arraycopy(text, 0, payload, 1, text.length);
        return command(payload);
    }

    /** Sends one command (sequence 0) and reads its reply. */
    Reply command(byte[] payload) throws IOException {
        channel.startCommand();
        channel.write(payload);
        channel.flush();
        return readReply();
    }

    /** Sends bytes as they are, framing and all. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One packet with the given header values and body, which need not agree. */
    void sendPacket(int declaredLength, int sequence, byte[] body) throws IOException {
        out.write(declaredLength & 0xff);
        out.write((declaredLength >>> 8) & 0xff);
        out.write((declaredLength >>> 16) & 0xff);
        out.write(sequence);
        out.write(body);
        out.flush();
    }

    /** The next reply, after raw sends (sequence checking relaxed to whatever the server sends). */
    Reply readAnyReply() throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new EOFException("server closed the connection");
        }
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        return parseFirst(in.readNBytes(length));
    }

    /** True when the server closes the connection within the socket timeout. */
    boolean serverClosed() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Reply readReply() throws IOException {
        byte[] first = channel.readPayload();
        int header = first.length == 0 ? -1 : first[0] & 0xff;
        if (header == 0x00 || header == 0xff) {
            return parseFirst(first);
        }
        PayloadReader countReader = new PayloadReader(first);
        int columnCount = (int) countReader.lenencInt("column count");
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < columnCount; i++) {
            PayloadReader definition = new PayloadReader(channel.readPayload());
            for (String field : List.of("catalog", "schema", "table", "org_table")) {
                definition.lenencBytes(field);
            }
            columns.add(new String(definition.lenencBytes("name"), StandardCharsets.UTF_8));
        }
        byte[] eof = channel.readPayload();
        if ((eof[0] & 0xff) != 0xfe) {
            throw new IOException("expected EOF after column definitions, got 0x" + Integer.toHexString(eof[0]));
        }
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            byte[] packet = channel.readPayload();
            if ((packet[0] & 0xff) == 0xfe && packet.length < 9) {
                return new Reply(Reply.Kind.ROWS, 0, "", "", columns, rows);
            }
            PayloadReader row = new PayloadReader(packet);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columnCount; i++) {
                if ((packet[row.position()] & 0xff) == 0xfb) {
                    row.int1("null");
                    values.add(null);
                } else {
                    values.add(new String(row.lenencBytes("value"), StandardCharsets.UTF_8));
                }
            }
            rows.add(values);
        }
    }

    private static Reply parseFirst(byte[] payload) throws IOException {
        PayloadReader reader = new PayloadReader(payload);
        int header = reader.int1("header");
        if (header == 0x00) {
            return Reply.ok("");
        }
        if (header == 0xff) {
            int code = reader.int2("error code");
            String state = new String(reader.bytes(6, "sql state"), StandardCharsets.UTF_8).substring(1);
            String message = new String(reader.rest(), StandardCharsets.UTF_8);
            return new Reply(Reply.Kind.ERROR, code, state, message, List.of(), List.of());
        }
        throw new IOException("unexpected reply header 0x" + Integer.toHexString(header));
    }
}
