package org.mysqldiscovery.role.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mysqldiscovery.common.model.PayloadCodec;

/** A local webhook receiver standing in for the pager: records every page posted to it. */
public final class PagerReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> pages = new CopyOnWriteArrayList<>();

    public PagerReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pages", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                pages.add(PayloadCodec.mapper().readTree(in.readAllBytes()));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pages";
    }

    public List<JsonNode> pages() {
        return List.copyOf(pages);
    }

    public void clear() {
        pages.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
