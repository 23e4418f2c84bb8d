package io.caas.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A stand-in caas-api on a loopback address of its own: 200 on /healthcheck, and its own name on every other path. */
final class FakeController implements AutoCloseable {
    private final String name;
    private final HttpServer server;

    FakeController(String name, String address) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/healthcheck", exchange -> answer(exchange, "OK"));
        server.createContext("/", exchange -> answer(exchange, name));
        server.start();
    }

    String name() {
        return name;
    }

    String address() {
        return server.getAddress().getAddress().getHostAddress();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
