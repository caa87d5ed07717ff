package org.mysqldiscovery.role.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback addresses (Linux routes all of 127/8 to lo). */
public final class Ports {
    private Ports() {
    }

    /** A port that is free on every one of the given addresses at once. */
    public static int freeOnAll(String... addresses) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(addresses[0]), 0));
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean free = true;
            for (String address : addresses) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on all of " + String.join(", ", addresses));
    }
}
