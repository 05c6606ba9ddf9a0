package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Gives Quarkus's mock event server the address shape Lambda gives its Runtime API: a bare {@code host:port}. The
 * mock serves the API under {@code /_lambda_}, which {@code AWS_LAMBDA_RUNTIME_API} cannot express, and Haul reads
 * that variable too (its URL policy refuses fetches aimed at the Runtime API). The relay forwards each request with
 * its path prefixed and returns the answer's status, body and {@code Lambda-Runtime-*} headers; a waiting
 * {@code invocation/next} holds one thread.
 */
final class RuntimeApiRelay implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI mock;

    /** {@code mockApi}: where the mock event server serves the Runtime API, {@code host:port/_lambda_}. */
    RuntimeApiRelay(String mockApi) throws IOException {
        this.mock = URI.create("http://" + mockApi);
        this.server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String hostPort() {
        return LOOPBACK + ":" + server.getAddress().getPort();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                if (header.getKey().regionMatches(true, 0, "Lambda-Runtime-", 0, 15)
                        || header.getKey().equalsIgnoreCase("Content-Type")) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            byte[] bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
