package org.mysqldiscovery.sandbox.mysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback MySQL-protocol server that plays a mysqld by its global variables, for what no real server here can
 * show: MySQL 8 is not installable on these machines, and MariaDB has no {@code super_read_only}. It speaks just
 * enough of the client/server protocol (4.1, text results with EOF packets) for MariaDB Connector/J: a greeting,
 * any login accepted, then {@code COM_QUERY}, {@code COM_PING} and {@code COM_QUIT}. It understands the few
 * statements the suite's probes and fence send, modelled on MySQL 8 (setting {@code super_read_only} also sets
 * {@code read_only}), records every statement, and answers anything else with error 1064. Test-only.
 */
public final class ScriptedMysqlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedMysqlServer.class);
    private static final Pattern SHOW_VARIABLE = Pattern.compile(
            "SHOW\\s+GLOBAL\\s+VARIABLES\\s+LIKE\\s+'([a-z_]+)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_VARIABLES_IN = Pattern.compile(
            "SHOW\\s+GLOBAL\\s+VARIABLES\\s+WHERE\\s+Variable_name\\s+IN\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_GLOBAL = Pattern.compile("SET\\s+GLOBAL\\s+([a-z_]+)\\s*=\\s*(ON|OFF|1|0)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SELECT_GLOBALS = Pattern.compile("SELECT\\s+(@@global\\.[a-z_]+"
            + "(\\s*,\\s*@@global\\.[a-z_]+)*)", Pattern.CASE_INSENSITIVE);

    private static final int CLIENT_LONG_PASSWORD = 1;
    private static final int CLIENT_PROTOCOL_41 = 1 << 9;
    private static final int CLIENT_TRANSACTIONS = 1 << 13;
    private static final int CLIENT_SECURE_CONNECTION = 1 << 15;
    private static final int CLIENT_MULTI_RESULTS = 1 << 17;
    private static final int CLIENT_PLUGIN_AUTH = 1 << 19;
    private static final int CAPABILITIES = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
            | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PLUGIN_AUTH;
    private static final int STATUS_AUTOCOMMIT = 0x0002;
    private static final int MAX_PACKET = 1 << 20;

    private final ServerSocket listener;
    private final Map<String, Boolean> globals = new LinkedHashMap<>();
    private final Map<String, String> refusals = new LinkedHashMap<>();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private ScriptedMysqlServer(Map<String, Boolean> initial) throws IOException {
        globals.putAll(initial);
        listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-mysqld-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A writable MySQL 8: {@code read_only} and {@code super_read_only} both OFF. */
    public static ScriptedMysqlServer mysql8() throws IOException {
        return new ScriptedMysqlServer(Map.of("read_only", false, "super_read_only", false));
    }

    /** A writable server without {@code super_read_only} (MariaDB's variables, MySQL-flavoured protocol). */
    public static ScriptedMysqlServer withoutSuperReadOnly() throws IOException {
        return new ScriptedMysqlServer(Map.of("read_only", false));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The value of a global variable; empty when the server does not have it. */
    public synchronized Optional<Boolean> global(String name) {
        return Optional.ofNullable(globals.get(name));
    }

    /** Statements starting with {@code prefix} (case-insensitive) fail with a privilege error naming {@code why}. */
    public synchronized void refuse(String prefix, String why) {
        refusals.put(prefix.toUpperCase(Locale.ROOT), why);
    }

    /** Every statement received, in order. */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                clients.add(socket);
                Thread session = new Thread(() -> serve(socket), "scripted-mysqld-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("scripted mysqld accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            socket.setSoTimeout(10_000);
            Packets packets = new Packets(in, out);
            packets.write(0, greeting());
            packets.read(); // the handshake response: any login is accepted
            packets.write(2, ok());
            while (true) {
                byte[] command = packets.read();
                if (command.length == 0 || command[0] == 0x01) {
                    return; // COM_QUIT
                }
                if (command[0] == 0x03) {
                    String sql = new String(command, 1, command.length - 1, StandardCharsets.UTF_8).trim();
                    statements.add(sql);
                    packets.writeAll(answer(sql));
                } else {
                    packets.writeAll(List.of(ok())); // COM_PING, COM_INIT_DB, …
                }
            }
        } catch (EOFException e) {
            LOG.debug("scripted mysqld client left");
        } catch (IOException e) {
            LOG.debug("scripted mysqld session ended: {}", e.getMessage());
        } finally {
            clients.remove(socket);
        }
    }

    private synchronized List<byte[]> answer(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            if (upper.startsWith(refusal.getKey())) {
                return List.of(error(1227, "42000", "Access denied; you need (at least one of) the "
                        + refusal.getValue() + " privilege(s) for this operation"));
            }
        }
        Matcher m;
        if ((m = SHOW_VARIABLE.matcher(sql)).matches()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            return rows(List.of("Variable_name", "Value"), globals.containsKey(name)
                    ? List.of(List.of(name, onOff(globals.get(name)))) : List.of());
        }
        if ((m = SHOW_VARIABLES_IN.matcher(sql)).matches()) {
            List<List<String>> found = new ArrayList<>();
            for (String quoted : m.group(1).split(",")) {
                String name = quoted.trim().replace("'", "").toLowerCase(Locale.ROOT);
                if (globals.containsKey(name)) {
                    found.add(List.of(name, onOff(globals.get(name))));
                }
            }
            return rows(List.of("Variable_name", "Value"), found);
        }
        if ((m = SET_GLOBAL.matcher(sql)).matches()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!globals.containsKey(name)) {
                return List.of(error(1193, "HY000", "Unknown system variable '" + name + "'"));
            }
            boolean on = m.group(2).equalsIgnoreCase("ON") || m.group(2).equals("1");
            globals.put(name, on);
            // MySQL 8: super_read_only=ON implies read_only=ON; read_only=OFF implies super_read_only=OFF.
            if (name.equals("super_read_only") && on) {
                globals.put("read_only", true);
            }
            if (name.equals("read_only") && !on && globals.containsKey("super_read_only")) {
                globals.put("super_read_only", false);
            }
            return List.of(ok());
        }
        if ((m = SELECT_GLOBALS.matcher(sql)).matches()) {
            List<String> columns = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (String term : m.group(1).split(",")) {
                String column = term.trim();
                String name = column.substring("@@global.".length()).toLowerCase(Locale.ROOT);
                if (!globals.containsKey(name)) {
                    return List.of(error(1193, "HY000", "Unknown system variable '" + name + "'"));
                }
                columns.add(column);
                values.add(globals.get(name) ? "1" : "0");
            }
            return rows(columns, List.of(values));
        }
        if (upper.equals("SELECT 1")) {
            return rows(List.of("1"), List.of(List.of("1")));
        }
        if (upper.startsWith("SET ") && !upper.startsWith("SET GLOBAL")) {
            return List.of(ok()); // session settings a driver may send after connecting
        }
        return List.of(error(1064, "42000", "You have an error in your SQL syntax (scripted server): " + sql));
    }

    private static String onOff(boolean value) {
        return value ? "ON" : "OFF";
    }

    private static byte[] greeting() {
        byte[] scramble = new byte[20];
        new SecureRandom().nextBytes(scramble);
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (1 + (scramble[i] & 0x7f) % 126); // no NUL inside the scramble
        }
        Writer w = new Writer();
        w.int1(10).nulString("8.0.36-scripted").int4(1).bytes(scramble, 0, 8).int1(0)
                .int2(CAPABILITIES & 0xffff).int1(33).int2(STATUS_AUTOCOMMIT).int2(CAPABILITIES >>> 16)
                .int1(scramble.length + 1).zeros(10).bytes(scramble, 8, 12).int1(0)
                .nulString("mysql_native_password");
        return w.toByteArray();
    }

    private static byte[] ok() {
        return new Writer().int1(0).int1(0).int1(0).int2(STATUS_AUTOCOMMIT).int2(0).toByteArray();
    }

    private static byte[] eof() {
        return new Writer().int1(0xfe).int2(0).int2(STATUS_AUTOCOMMIT).toByteArray();
    }

    private static byte[] error(int code, String sqlState, String message) {
        return new Writer().int1(0xff).int2(code).rest("#" + sqlState).rest(message).toByteArray();
    }

    private static List<byte[]> rows(List<String> columns, List<List<String>> rows) {
        List<byte[]> packets = new ArrayList<>();
        packets.add(new Writer().lenenc(columns.size()).toByteArray());
        for (String column : columns) {
            packets.add(new Writer().lenencString("def").lenencString("").lenencString("").lenencString("")
                    .lenencString(column).lenencString(column).int1(0x0c).int2(33).int4(1024).int1(0xfd).int2(0)
                    .int1(0).int2(0).toByteArray());
        }
        packets.add(eof());
        for (List<String> row : rows) {
            Writer w = new Writer();
            row.forEach(w::lenencString);
            packets.add(w.toByteArray());
        }
        packets.add(eof());
        return packets;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("closing the scripted mysqld listener: {}", e.getMessage());
        }
        for (Socket client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing a scripted mysqld client: {}", e.getMessage());
            }
        }
    }

    /** Packet framing: 3-byte length, 1-byte sequence id. */
    private static final class Packets {
        private final InputStream in;
        private final OutputStream out;
        private int sequence;

        Packets(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        byte[] read() throws IOException {
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                throw new EOFException("client closed");
            }
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            if (length > MAX_PACKET) {
                throw new IOException("packet of " + length + " bytes");
            }
            sequence = (header[3] & 0xff) + 1;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new EOFException("client closed mid-packet");
            }
            return payload;
        }

        void write(int sequenceId, byte[] payload) throws IOException {
            out.write(new byte[] {(byte) payload.length, (byte) (payload.length >>> 8),
                    (byte) (payload.length >>> 16), (byte) sequenceId});
            out.write(payload);
            out.flush();
        }

        void writeAll(List<byte[]> payloads) throws IOException {
            for (byte[] payload : payloads) {
                write(sequence++ & 0xff, payload);
            }
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Writer int1(int v) {
            bytes.write(v & 0xff);
            return this;
        }

        Writer int2(int v) {
            return int1(v).int1(v >>> 8);
        }

        Writer int4(long v) {
            return int2((int) v).int2((int) (v >>> 16));
        }

        Writer zeros(int n) {
            for (int i = 0; i < n; i++) {
                int1(0);
            }
            return this;
        }

        Writer bytes(byte[] b, int offset, int length) {
            bytes.write(b, offset, length);
            return this;
        }

        Writer nulString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return bytes(b, 0, b.length).int1(0);
        }

        Writer rest(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return bytes(b, 0, b.length);
        }

        Writer lenenc(long v) {
            if (v < 251) {
                return int1((int) v);
            }
            return int1(0xfc).int2((int) v); // nothing here is longer than 65535
        }

        Writer lenencString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return lenenc(b.length).bytes(b, 0, b.length);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
