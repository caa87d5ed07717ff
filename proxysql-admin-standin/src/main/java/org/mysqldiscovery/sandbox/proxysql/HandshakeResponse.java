package org.mysqldiscovery.sandbox.proxysql;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A client's HandshakeResponse41 (the answer to the server greeting).
 *
 * @param capabilities the client's capability flags
 * @param sslRequest   true when this is the short SSLRequest packet (the client wants TLS before sending the rest)
 * @param user         the user name ("" in an SSLRequest)
 * @param authResponse the authentication token
 * @param database     the initial schema, if the client named one
 * @param authPlugin   the plugin the client used for {@code authResponse}, if it said
 */
record HandshakeResponse(int capabilities, boolean sslRequest, String user, byte[] authResponse,
                         Optional<String> database, Optional<String> authPlugin) {

    private static final int SSL_REQUEST_LENGTH = 32;
    private static final int MAX_USER_BYTES = 256;

    static HandshakeResponse parse(byte[] payload) throws MalformedPacketException {
        PayloadReader reader = new PayloadReader(payload);
        int capabilities = (int) reader.int4("handshake response capability flags");
        if ((capabilities & Capabilities.PROTOCOL_41) == 0) {
            throw new MalformedPacketException("handshake response without CLIENT_PROTOCOL_41: pre-4.1 clients are "
                    + "not supported");
        }
        reader.int4("handshake response max packet size");
        reader.int1("handshake response character set");
        reader.skip(23, "handshake response filler");
        if (!reader.hasRemaining() && payload.length == SSL_REQUEST_LENGTH) {
            if ((capabilities & Capabilities.SSL) == 0) {
                throw new MalformedPacketException("handshake response ends after the filler without asking for SSL");
            }
            return new HandshakeResponse(capabilities, true, "", new byte[0], Optional.empty(), Optional.empty());
        }
        byte[] userBytes = reader.nulBytes("handshake response user name");
        if (userBytes.length > MAX_USER_BYTES) {
            throw new MalformedPacketException("handshake response user name is " + userBytes.length
                    + " bytes, more than " + MAX_USER_BYTES);
        }
        String user = new String(userBytes, StandardCharsets.UTF_8);
        byte[] auth;
        if ((capabilities & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            auth = reader.lenencBytes("handshake response auth data");
        } else if ((capabilities & Capabilities.SECURE_CONNECTION) != 0) {
            auth = reader.bytes(reader.int1("handshake response auth data length"), "handshake response auth data");
        } else {
            auth = reader.nulBytes("handshake response auth data");
        }
        Optional<String> database = Optional.empty();
        if ((capabilities & Capabilities.CONNECT_WITH_DB) != 0 && reader.hasRemaining()) {
            database = Optional.of(reader.nulString("handshake response database"));
        }
        Optional<String> plugin = Optional.empty();
        if ((capabilities & Capabilities.PLUGIN_AUTH) != 0 && reader.hasRemaining()) {
            plugin = Optional.of(reader.nulString("handshake response auth plugin name"));
        }
        // Connection attributes (CLIENT_CONNECT_ATTRS) follow; the stand-in has no use for them.
        return new HandshakeResponse(capabilities, false, user, auth, database, plugin);
    }
}
