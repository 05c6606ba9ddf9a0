package dev.haul.support;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A real HTTP origin on 127.0.0.1 with scripted behaviour, for tests. Routes:
 * <ul>
 * <li>{@code /bytes/{name}/{size}}: a deterministic body (see {@link Bodies}) with Content-Length;</li>
 * <li>{@code /chunked/{name}/{size}}: the same body without a length (chunked);</li>
 * <li>{@code /slow/{name}/{size}}: the same body, answered only after a short hold, so requests overlap;</li>
 * <li>{@code /status/{code}}: that status with a short text body;</li>
 * <li>{@code /stall-headers/{size}}: headers announcing a body, then silence;</li>
 * <li>{@code /stall-mid/{name}/{size}}: the first half of the body, then silence;</li>
 * <li>{@code /redirect?to=URL}: a 302 to that URL.</li>
 * </ul>
 * It counts requests, and the most requests it ever had open at once, overall and per Host header.
 */
public final class TestOrigin implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;
    private static final long HOLD_MILLIS = 300;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpServer secondServer;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final Map<String, AtomicInteger> openPerHost = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxOpenPerHost = new ConcurrentHashMap<>();

    public TestOrigin() throws Exception {
        server = listen();
        secondServer = listen();
    }

    private HttpServer listen() throws Exception {
        return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    /** A URL on this origin. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** A URL on the origin's second port: another host as far as per-host limits go. */
    public String otherHostUrl(String path) {
        return "http://127.0.0.1:" + secondServer.actualPort() + path;
    }

    public int requests() {
        return requests.get();
    }

    public int maxOpen() {
        return maxOpen.get();
    }

    /** The most requests ever open at once on the main port, and on the second port. */
    public int maxOpenOnMainHost() {
        return maxOpenFor(server.actualPort());
    }

    public int maxOpenOnOtherHost() {
        return maxOpenFor(secondServer.actualPort());
    }

    private int maxOpenFor(int port) {
        AtomicInteger max = maxOpenPerHost.get("127.0.0.1:" + port);
        return max == null ? 0 : max.get();
    }

    public void resetCounters() {
        requests.set(0);
        maxOpen.set(open.get());
        maxOpenPerHost.clear();
    }

    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        String host = request.getHeader("Host");
        track(host, +1);
        AtomicBoolean finished = new AtomicBoolean();
        Runnable done = () -> {
            if (finished.compareAndSet(false, true)) {
                track(host, -1);
            }
        };
        HttpServerResponse response = request.response();
        response.endHandler(ignored -> done.run());
        response.closeHandler(ignored -> done.run());
        String[] parts = URI.create(request.uri()).getPath().split("/");
        String route = parts.length > 1 ? parts[1] : "";
        switch (route) {
            case "bytes" -> sendBody(response, parts[2], Long.parseLong(parts[3]), true, Long.MAX_VALUE);
            case "chunked" -> sendBody(response, parts[2], Long.parseLong(parts[3]), false, Long.MAX_VALUE);
            case "slow" -> vertx.setTimer(HOLD_MILLIS,
                    t -> sendBody(response, parts[2], Long.parseLong(parts[3]), true, Long.MAX_VALUE));
            case "status" -> response.setStatusCode(Integer.parseInt(parts[2])).end("status " + parts[2]);
            case "redirect" -> response.setStatusCode(302)
                    .putHeader("Location", java.net.URLDecoder.decode(request.getParam("to"),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .end();
            case "stall-headers" -> response.putHeader("Content-Length", parts[2]).writeHead();
            case "stall-mid" -> sendBody(response, parts[2], Long.parseLong(parts[3]), true, Long.parseLong(parts[3])
                    / 2);
            default -> response.setStatusCode(404).end("no route " + request.path());
        }
    }

    /** Streams the body with backpressure; stops writing (without ending) at {@code stopAt} to simulate a stall. */
    private void sendBody(HttpServerResponse response, String name, long size, boolean withLength, long stopAt) {
        if (withLength) {
            response.putHeader("Content-Length", Long.toString(size));
        } else {
            response.setChunked(true);
        }
        response.putHeader("Content-Type", "application/octet-stream").putHeader("ETag", "\"" + name + "-" + size
                + "\"");
        writeFrom(response, name, 0, size, stopAt);
    }

    private void writeFrom(HttpServerResponse response, String name, long offset, long size, long stopAt) {
        long position = offset;
        while (position < size && position < stopAt && !response.writeQueueFull()) {
            int n = (int) Math.min(CHUNK, Math.min(size, stopAt) - position);
            ByteBuffer chunk = ByteBuffer.allocate(n);
            Bodies.fill(name, position, chunk);
            response.write(Buffer.buffer(chunk.array()));
            position += n;
        }
        if (position == size) {
            response.end();
        } else if (position < stopAt) {
            long next = position;
            response.drainHandler(ignored -> writeFrom(response, name, next, size, stopAt));
        }
    }

    private void track(String host, int delta) {
        int now = open.addAndGet(delta);
        maxOpen.accumulateAndGet(now, Math::max);
        int hostNow = openPerHost.computeIfAbsent(host, h -> new AtomicInteger()).addAndGet(delta);
        maxOpenPerHost.computeIfAbsent(host, h -> new AtomicInteger()).accumulateAndGet(hostNow, Math::max);
    }
}
