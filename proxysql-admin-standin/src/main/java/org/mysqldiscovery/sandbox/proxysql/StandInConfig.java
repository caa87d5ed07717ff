package org.mysqldiscovery.sandbox.proxysql;

import java.nio.file.Path;
import java.util.Objects;
import org.mysqldiscovery.common.config.FieldException;

/**
 * How to run the ProxySQL admin stand-in.
 *
 * @param bindAddress            address to listen on (loopback unless a test needs otherwise)
 * @param port                   TCP port; 0 picks a free one (kept across {@code restart()})
 * @param user                   the one admin user
 * @param password               its password (may be empty)
 * @param dataDir                directory of the SQLite disk copy ({@value AdminStore#DISK_FILE_NAME})
 * @param maxPacketBytes         largest query accepted, in bytes (ProxySQL's mysql-max_allowed_packet: 64 MiB)
 * @param handshakeTimeoutMillis how long a new connection may take to authenticate before it is dropped
 * @param maxConnections         connections served at once; more are refused with ERR 1040
 */
public record StandInConfig(String bindAddress, int port, String user, String password, Path dataDir,
                            int maxPacketBytes, int handshakeTimeoutMillis, int maxConnections) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_MAX_PACKET_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public StandInConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        if (bindAddress.isBlank()) {
            throw new FieldException("bindAddress", "must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new FieldException("port", port + " is not in 0..65535");
        }
        if (user.isEmpty() || user.indexOf('\0') >= 0 || user.length() > 64) {
            throw new FieldException("user", "must be 1 to 64 characters without NUL");
        }
        if (password.indexOf('\0') >= 0) {
            throw new FieldException("password", "must not contain NUL");
        }
        if (maxPacketBytes < 1024) {
            throw new FieldException("maxPacketBytes", maxPacketBytes + " is below 1024");
        }
        if (handshakeTimeoutMillis < 1) {
            throw new FieldException("handshakeTimeoutMillis", handshakeTimeoutMillis
                    + " must be positive");
        }
        if (maxConnections < 1) {
            throw new FieldException("maxConnections", maxConnections + " must be positive");
        }
    }

    /** Loopback, the given port, ProxySQL's packet limit, a 10 s handshake timeout, 1024 connections. */
    public static StandInConfig loopback(int port, String user, String password, Path dataDir) {
        return new StandInConfig(LOOPBACK, port, user, password, dataDir, DEFAULT_MAX_PACKET_BYTES,
                DEFAULT_HANDSHAKE_TIMEOUT_MILLIS, DEFAULT_MAX_CONNECTIONS);
    }

    public StandInConfig withPort(int newPort) {
        return new StandInConfig(bindAddress, newPort, user, password, dataDir, maxPacketBytes,
                handshakeTimeoutMillis, maxConnections);
    }

    public StandInConfig withLimits(int newMaxPacketBytes, int newHandshakeTimeoutMillis, int newMaxConnections) {
        return new StandInConfig(bindAddress, port, user, password, dataDir, newMaxPacketBytes,
                newHandshakeTimeoutMillis, newMaxConnections);
    }

    @Override
    public String toString() {
        return "StandInConfig[bindAddress=" + bindAddress + ", port=" + port + ", user=" + user
                + ", password=<hidden>, dataDir=" + dataDir + ", maxPacketBytes=" + maxPacketBytes
                + ", handshakeTimeoutMillis=" + handshakeTimeoutMillis + ", maxConnections=" + maxConnections + "]";
    }
}
