package dev.haul.support;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * The tests' one scriptable HTTP/1.1 origin on 127.0.0.1, healthy or breaking HTTP on purpose, written on a raw Vert.x
 * {@link NetServer} so it can send what an HTTP server library refuses to. It listens on two ports, which are two
 * hosts as far as per-host limits go ({@link #url} and {@link #otherHostUrl}), counts requests, and records the most
 * it ever had open at once, overall and per Host header. Connections are kept alive (several requests per
 * connection, answered in order) unless the request says {@code Connection: close} or the route ends the connection
 * itself. Routes, where {@code {name}} and {@code {size}} select a {@link Bodies} body:
 * <ul>
 * <li>{@code /ok/{name}/{size}} (also {@code /bytes/...}): 200 with Content-Length, strong
 * {@code ETag: "{name}-{size}"}, Last-Modified and
 * {@code Accept-Ranges: bytes}; a single {@code Range} is answered 206 with Content-Range when {@code If-Range} is
 * absent or equals the ETag (or the Last-Modified text), else 200 in full; a range past the end is 416;</li>
 * <li>{@code /cond/{name}/{size}}: 304 without a body when {@code If-None-Match} lists the ETag or, without
 * If-None-Match, {@code If-Modified-Since} is not before Last-Modified; else as /ok;</li>
 * <li>{@code /stall-before-headers/{size}}: never answers; {@code /headers-then-nothing/{size}}: a 200 head with
 * Content-Length, then silence (also {@code /stall-headers/{size}}); {@code /stall-mid/{name}/{size}}: the head
 * and the first half, then silence;</li>
 * <li>{@code /reset-mid/{name}/{size}?times=K}: the first K requests get the head (strong ETag, Accept-Ranges) and the
 * first half, then a TCP reset; later ones behave as /ok, ranges included;</li>
 * <li>{@code /reset-mid-changed/{name}/{size}}: one such reset; later requests get the changed file in full (body
 * {@link #changedName(String)}, another ETag and date), ignoring Range and If-Range;</li>
 * <li>{@code /retry-after/{name}/{size}?times=K&after=S[&date=true]}: K times 503 with {@code Retry-After} in seconds
 * (or as an HTTP date S seconds ahead), then as /ok;</li>
 * <li>{@code /status-storm/{code}?times=K}: K times that status, then 200 with a short body;</li>
 * <li>{@code /short/{name}/{size}}: Content-Length size, half the bytes, then a clean close (FIN);</li>
 * <li>{@code /long/{name}/{size}}: Content-Length size and {@code Connection: close}, size + 1000 bytes, then FIN;</li>
 * <li>{@code /long-late/{name}/{size}}: the same, but the 1000 extra bytes are written only after the declared body
 * has left the socket;</li>
 * <li>{@code /long-keepalive/{name}/{size}}: keep-alive, size + 1000 bytes in the same writes, connection left
 * open;</li>
 * <li>{@code /redirect-loop/{n}}: 302 to {@code /redirect-loop/{(n+1) mod 2}}, forever;</li>
 * <li>{@code /redirect-chain/{k}?to=URL}: k redirects in all: 302 to {@code /redirect-chain/{k-1}?to=URL} while
 * k &gt; 1, then 302 to {@code to};</li>
 * <li>{@code /redirect?to=URL} (also {@code /redirect-other-host?to=URL}): 302 to {@code to};</li>
 * <li>{@code /slow/{name}/{size}}: as /ok, answered only after 300 ms, so that requests overlap;</li>
 * <li>{@code /trickle/{name}/{size}?fast=N}: as /ok, but after the first N bytes (default 0) the rest comes 1 KiB
 * every 100 ms, quicker than any idle timeout and slower than any test waits for: a body still arriving when a
 * deadline falls;</li>
 * <li>{@code /gzip/{name}/{size}}: the body gzipped, with {@code Content-Encoding: gzip} and the compressed length
 * ({@link #gzipSha256}); the bodies are random, so "compressed" is slightly larger;</li>
 * <li>{@code /chunked/{name}/{size}}: the body in chunked transfer encoding, no Content-Length;</li>
 * <li>{@code /status/{code}}: that status with a short body; {@code /echo-headers}: 200 with the request headers as a
 * JSON object.</li>
 * </ul>
 * "The first K requests" counts requests with the same target, path and query as sent, since the last
 * {@link #reset()}: add any unused query parameter (say {@code &case=resume}) to get a fresh script. It records every
 * request's headers; HEAD gets the same heads as GET without a body.
 */
public final class FaultyOrigin implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetServer server;
    private final NetServer otherHost;
    private final FaultRoutes routes = new FaultRoutes(this::url,
            (millis, action) -> vertx.setTimer(millis, timer -> action.run()));
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final Map<String, AtomicInteger> openPerHost = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxOpenPerHost = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perTarget = new ConcurrentHashMap<>();
    private final Queue<RawRequest> seen = new ConcurrentLinkedQueue<>();

    private final String scheme;
    private final String host;

    public FaultyOrigin() throws Exception {
        this(new NetServerOptions(), "http", "127.0.0.1");
    }

    /**
     * The same origin over TLS with {@code keyCert}; its URLs name {@code host}, which resolves to 127.0.0.1 and which
     * the certificate may or may not cover.
     */
    public static FaultyOrigin tls(KeyCertOptions keyCert, String host) throws Exception {
        return new FaultyOrigin(new NetServerOptions().setSsl(true).setKeyCertOptions(keyCert), "https", host);
    }

    private FaultyOrigin(NetServerOptions options, String scheme, String host) throws Exception {
        this.scheme = scheme;
        this.host = host;
        server = listen(options);
        otherHost = listen(options);
    }

    private NetServer listen(NetServerOptions options) throws Exception {
        return vertx.createNetServer(new NetServerOptions(options).setHost("127.0.0.1").setPort(0))
                .connectHandler(socket -> new OriginConnection(socket, this::dispatch).start())
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The body name {@code /reset-mid-changed/{name}/...} serves after its change. */
    public static String changedName(String name) {
        return name + "-v2";
    }

    /** SHA-256 (hex) of the exact bytes {@code /gzip/{name}/{size}} sends. */
    public static String gzipSha256(String name, int size) {
        return HexFormat.of().formatHex(Bodies.newDigest().digest(gzipped(name, size)));
    }

    /** The exact bytes {@code /gzip/{name}/{size}} sends. */
    public static byte[] gzipped(String name, int size) {
        return FaultRoutes.gzipped(name, size);
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return scheme + "://" + host + ":" + port() + path;
    }

    /** A URL on the origin's second port: another host as far as per-host limits go. */
    public String otherHostUrl(String path) {
        return scheme + "://" + host + ":" + otherHost.actualPort() + path;
    }

    /** The most requests this origin ever had open at once (from its arrival until its answer ended). */
    public int maxOpen() {
        return maxOpen.get();
    }

    /** The most requests ever open at once for the main port's host, and for the second port's. */
    public int maxOpenOnMainHost() {
        return maxOpenFor(port());
    }

    public int maxOpenOnOtherHost() {
        return maxOpenFor(otherHost.actualPort());
    }

    private int maxOpenFor(int port) {
        AtomicInteger max = maxOpenPerHost.get(host + ":" + port);
        return max == null ? 0 : max.get();
    }

    public int requests() {
        return total.get();
    }

    /** Requests for {@code path}: with a query, that exact target; without, that path whatever its query. */
    public int requests(String path) {
        return headersOf(path).size();
    }

    /** The headers of each request for {@code path} (matched as in {@link #requests(String)}), oldest first. */
    public List<Map<String, String>> headersOf(String path) {
        return seen.stream().filter(request -> path.contains("?")
                ? request.target().equals(path)
                : request.path().equals(path)).map(RawRequest::headers).toList();
    }

    /** Forgets all requests, which also restarts every {@code times} script, and the most ever open at once. */
    public void reset() {
        total.set(0);
        perTarget.clear();
        seen.clear();
        maxOpen.set(open.get());
        maxOpenPerHost.clear();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void dispatch(RawRequest request, RawReply reply) {
        total.incrementAndGet();
        seen.add(request);
        String hostHeader = request.headers().getOrDefault("Host", "");
        track(hostHeader, +1);
        reply.whenEnded(() -> track(hostHeader, -1));
        int attempt = perTarget.computeIfAbsent(request.target(), target -> new AtomicInteger()).incrementAndGet();
        try {
            routes.answer(request, attempt, reply);
        } catch (RuntimeException e) {
            reply.sendText(400, Map.of("Connection", "close"), "cannot answer " + request.target() + ": " + e);
        }
    }

    private void track(String hostHeader, int delta) {
        maxOpen.accumulateAndGet(open.addAndGet(delta), Math::max);
        int hostNow = openPerHost.computeIfAbsent(hostHeader, h -> new AtomicInteger()).addAndGet(delta);
        maxOpenPerHost.computeIfAbsent(hostHeader, h -> new AtomicInteger()).accumulateAndGet(hostNow, Math::max);
    }
}
