package dev.haul.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for EventBridge's {@code PutEvents} on 127.0.0.1, for the local run and the tests: it speaks the AWS
 * JSON 1.1 protocol of that one call ({@code X-Amz-Target: AWSEvents.PutEvents}), accepts every entry and keeps it,
 * so that what Haul sent can be read back. Haul reaches it through {@code haul.events.endpoint-override}.
 */
public final class LocalEventBus implements AutoCloseable {

    /** One entry Haul sent. */
    public record Event(String bus, String source, String detailType, JsonNode detail) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "local-event-bus");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private LocalEventBus(HttpServer server) {
        this.server = server;
    }

    public static LocalEventBus start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        LocalEventBus bus = new LocalEventBus(server);
        server.createContext("/", bus::answer);
        server.setExecutor(bus.executor);
        server.start();
        return bus;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every event received so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !"AWSEvents.PutEvents".equals(target)) {
                reply(exchange, 400, JSON.createObjectNode().put("__type", "UnknownOperationException"));
                return;
            }
            JsonNode request = JSON.readTree(body);
            ObjectNode response = JSON.createObjectNode().put("FailedEntryCount", 0);
            for (JsonNode entry : request.path("Entries")) {
                events.add(new Event(entry.path("EventBusName").asText(), entry.path("Source").asText(),
                        entry.path("DetailType").asText(), JSON.readTree(entry.path("Detail").asText("{}"))));
                response.withArray("Entries").addObject().put("EventId", UUID.randomUUID().toString());
            }
            reply(exchange, 200, response);
        }
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
