package org.mysqldiscovery.sync.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of one ZooKeeper server, to drop a client's connection without expiring its
 * session: {@link #cut()} closes every connection and refuses new ones, {@link #restore()} lets the client back in.
 * {@link #hold()} stops forwarding the server's answers (requests stay in flight unanswered) until the next cut.
 */
public final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private volatile boolean holding;
    private final Thread acceptor;

    public CuttableProxy(int targetPort) {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 2_000);
                open.add(client);
                open.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitRelease(answers, from);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side or a cut closed it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitRelease(boolean answers, Socket from) throws IOException {
        synchronized (this) {
            while (answers && holding && !from.isClosed()) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    /** Answers from the server are held back (their requests stay in flight) until {@link #cut()}. */
    public void hold() {
        holding = true;
    }

    /** Drops every connection and refuses new ones: the client is disconnected, its session lives on. */
    public void cut() {
        refusing = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
        synchronized (this) {
            holding = false;
            notifyAll();
        }
    }

    public void restore() {
        refusing = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing a test proxy: nothing to do about it
        }
    }
}
