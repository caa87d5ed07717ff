package org.mysqldiscovery.sandbox.proxysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: greeting, {@code mysql_native_password} authentication, then commands until the client
 * quits or breaks the protocol. Whatever a client sends, only its own connection suffers: a protocol error is
 * answered with an ERR packet where possible, then the connection is closed.
 */
final class ClientSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private static final int COM_QUIT = 0x01;
    private static final int COM_INIT_DB = 0x02;
    private static final int COM_QUERY = 0x03;
    private static final int COM_PING = 0x0e;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_SEND_LONG_DATA = 0x18;
    private static final int COM_STMT_CLOSE = 0x19;
    private static final int COM_SET_OPTION = 0x1b;

    private static final int ER_ACCESS_DENIED = 1045;
    private static final int ER_NET_PACKET_TOO_LARGE = 1153;
    private static final int ER_NET_PACKETS_OUT_OF_ORDER = 1156;
    private static final int ER_MALFORMED_PACKET = 1835;
    private static final String DEFAULT_SERVER_VERSION = "8.0.11";

    private final Socket socket;
    private final long connectionId;
    private final StandInConfig config;
    private final AdminStore store;
    private final AdminCommandRouter router;
    private final StatementLog statementLog;
    private final Consumer<ClientSession> onExit;

    ClientSession(Socket socket, long connectionId, StandInConfig config, AdminStore store,
                  AdminCommandRouter router, StatementLog statementLog, Consumer<ClientSession> onExit) {
        this.socket = socket;
        this.connectionId = connectionId;
        this.config = config;
        this.store = store;
        this.router = router;
        this.statementLog = statementLog;
        this.onExit = onExit;
    }

    /** Ends the session from outside (the stand-in stopping): its thread sees the socket close and exits. */
    void disconnect() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing stand-in connection {}: {}", connectionId, e.getMessage());
        }
    }

    @Override
    public void run() {
        PacketChannel channel = null;
        try {
            socket.setSoTimeout(config.handshakeTimeoutMillis());
            channel = new PacketChannel(new BufferedInputStream(socket.getInputStream(), 16 * 1024),
                    new BufferedOutputStream(socket.getOutputStream(), 16 * 1024), config.maxPacketBytes());
            Optional<SessionInfo> session = authenticate(channel);
            if (session.isPresent()) {
                socket.setSoTimeout(0);
                serve(channel, session.get());
            }
        } catch (PacketTooLargeException e) {
            LOG.info("stand-in connection {}: {}", connectionId, e.getMessage());
            sendQuietly(channel, ER_NET_PACKET_TOO_LARGE, "08S01",
                    "Got a packet bigger than 'max_allowed_packet' bytes");
        } catch (MalformedPacketException e) {
            LOG.info("stand-in connection {}: malformed packet: {}", connectionId, e.getMessage());
            boolean outOfOrder = e.getMessage().startsWith("packet sequence id");
            sendQuietly(channel, outOfOrder ? ER_NET_PACKETS_OUT_OF_ORDER : ER_MALFORMED_PACKET,
                    outOfOrder ? "08S01" : "HY000",
                    (outOfOrder ? "Got packets out of order: " : "Malformed communication packet: ")
                            + e.getMessage());
        } catch (SocketTimeoutException e) {
            LOG.info("stand-in connection {}: no handshake within {} ms", connectionId,
                    config.handshakeTimeoutMillis());
        } catch (EOFException | SocketException e) {
            LOG.debug("stand-in connection {} ended: {}", connectionId, e.getMessage());
        } catch (IOException e) {
            LOG.info("stand-in connection {} failed: {}", connectionId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("stand-in connection {} failed unexpectedly", connectionId, e);
        } finally {
            disconnect();
            onExit.accept(this);
        }
    }

    private Optional<SessionInfo> authenticate(PacketChannel channel) throws IOException {
        byte[] scramble = NativePassword.newScramble();
        String version = store.runtimeVariable("mysql-server_version").orElse(DEFAULT_SERVER_VERSION);
        channel.startCommand();
        channel.write(ServerPackets.greeting(version, connectionId, scramble));
        channel.flush();
        HandshakeResponse response = HandshakeResponse.parse(channel.readPayload());
        if (response.sslRequest()) {
            channel.write(ServerPackets.error(ER_ACCESS_DENIED, "28000",
                    "ProxySQL Error: this admin stand-in does not offer TLS"));
            channel.flush();
            return Optional.empty();
        }
        byte[] token = response.authResponse();
        if (response.authPlugin().isPresent() && !response.authPlugin().get().equals(NativePassword.PLUGIN_NAME)) {
            // The client answered for another plugin (caching_sha2_password, say): ask again for ours.
            channel.write(ServerPackets.authSwitchRequest(scramble));
            channel.flush();
            token = channel.readPayload();
        }
        String clientAddress = socket.getInetAddress().getHostAddress();
        boolean accepted = response.user().equals(config.user())
                && NativePassword.matches(config.password(), scramble, token);
        if (!accepted) {
            LOG.info("stand-in connection {}: access denied for user '{}' from {}", connectionId, response.user(),
                    clientAddress);
            channel.write(ServerPackets.error(ER_ACCESS_DENIED, "28000", "ProxySQL Error: Access denied for user '"
                    + response.user() + "'@'" + clientAddress + "' (using password: "
                    + (token.length > 0 ? "YES" : "NO") + ")"));
            channel.flush();
            return Optional.empty();
        }
        channel.write(ServerPackets.ok(0, ""));
        channel.flush();
        boolean deprecateEof = (response.capabilities() & Capabilities.DEPRECATE_EOF) != 0;
        return Optional.of(new SessionInfo(response.user(), clientAddress, connectionId, deprecateEof));
    }

    private void serve(PacketChannel channel, SessionInfo session) throws IOException {
        while (true) {
            channel.startCommand();
            byte[] packet = channel.readPayload();
            if (packet.length == 0) {
                throw new MalformedPacketException("empty command packet");
            }
            int command = packet[0] & 0xff;
            switch (command) {
                case COM_QUIT -> {
                    return;
                }
                case COM_PING, COM_INIT_DB -> channel.write(ServerPackets.ok(0, ""));
                case COM_QUERY -> {
                    String query = new String(packet, 1, packet.length - 1, StandardCharsets.UTF_8);
                    statementLog.record(query);
                    writeReply(channel, router.handle(query, session), session.deprecateEof());
                }
                case COM_STMT_PREPARE -> {
                    statementLog.record(new String(packet, 1, packet.length - 1, StandardCharsets.UTF_8));
                    channel.write(commandNotSupported());
                }
                case COM_SET_OPTION ->
                    // Multi-statements on/off: the admin accepts either (and runs only the first statement anyway).
                    channel.write(session.deprecateEof() ? ServerPackets.resultSetEndOk() : ServerPackets.eof());
                case COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA -> {
                    // The protocol defines no answer to these.
                }
                default -> channel.write(commandNotSupported());
            }
            channel.flush();
        }
    }

    private static byte[] commandNotSupported() {
        return ServerPackets.error(AdminReply.Failure.CODE, AdminReply.Failure.SQL_STATE, "Command not supported");
    }

    private static void writeReply(PacketChannel channel, AdminReply reply, boolean deprecateEof)
            throws IOException {
        if (reply instanceof AdminReply.Ok ok) {
            channel.write(ServerPackets.ok(ok.affectedRows(), ok.info()));
        } else if (reply instanceof AdminReply.Failure failure) {
            channel.write(ServerPackets.error(AdminReply.Failure.CODE, AdminReply.Failure.SQL_STATE,
                    failure.message()));
        } else if (reply instanceof AdminReply.Rows rows) {
            channel.write(ServerPackets.columnCount(rows.columns().size()));
            for (String column : rows.columns()) {
                channel.write(ServerPackets.columnDefinition(column));
            }
            if (!deprecateEof) {
                channel.write(ServerPackets.eof());
            }
            for (List<byte[]> row : rows.rows()) {
                channel.write(ServerPackets.row(row));
            }
            channel.write(deprecateEof ? ServerPackets.resultSetEndOk() : ServerPackets.eof());
        }
    }

    private void sendQuietly(PacketChannel channel, int code, String sqlState, String message) {
        if (channel == null) {
            return;
        }
        try {
            channel.write(ServerPackets.error(code, sqlState, message));
            channel.flush();
        } catch (IOException e) {
            LOG.debug("stand-in connection {}: could not send the error before closing: {}", connectionId,
                    e.getMessage());
        }
    }
}
