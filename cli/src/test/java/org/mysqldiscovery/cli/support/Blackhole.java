package org.mysqldiscovery.cli.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A port that accepts connections and never says a word: what a hung server looks like to a client. */
public final class Blackhole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public Blackhole() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    accepted.add(server.accept());
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "blackhole-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String instance() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public int acceptedConnections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }
}
