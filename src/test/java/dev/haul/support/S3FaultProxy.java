package dev.haul.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * A reverse proxy on 127.0.0.1 in front of an S3 endpoint that injects S3 errors on cue. Every other request is
 * forwarded unchanged (method, raw URI, headers including Host and Authorization, so SigV4 signatures still hold) and
 * the answer relayed back; bodies stream both ways with backpressure and are never held whole.
 * <p>
 * {@code Expect: 100-continue} is answered by the proxy at once (the Vert.x server's automatic handling) and not
 * forwarded: the proxy always takes the body, forwarding it, or draining it before an injected error, so every
 * connection stays usable for the next request. Rules are consumed as they fire, first added first, and may be set
 * from any thread; requests are counted by {@link S3RequestKind}, injected errors included.
 */
public final class S3FaultProxy implements AutoCloseable {

    /** What a rule can see of a request. */
    public record Call(S3RequestKind kind, String method, String path, Map<String, String> query) {

        /** The UploadPart's part number, or 0. */
        public int partNumber() {
            return kind == S3RequestKind.UPLOAD_PART ? Integer.parseInt(query.get("partNumber")) : 0;
        }

        static Call of(HttpServerRequest request) {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = request.query() == null ? "" : request.query();
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (!name.isEmpty()) {
                    query.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                            equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            String method = request.method().name();
            S3RequestKind kind = S3RequestKind.of(method, request.path(), query,
                    request.headers().contains("x-amz-copy-source"));
            return new Call(kind, method, request.path(), Map.copyOf(query));
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final UpstreamForwarder forwarder;
    private final HttpServer server;
    private final List<InjectedFault> faults = new CopyOnWriteArrayList<>();
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();

    /** An action to run once, before the first request it matches is forwarded. */
    private record Hook(Predicate<Call> matches, Runnable action, AtomicBoolean fired) {}
    private final Map<S3RequestKind, AtomicInteger> counts = new ConcurrentHashMap<>();

    public S3FaultProxy(URI upstream) throws Exception {
        this.forwarder = new UpstreamForwarder(vertx, upstream);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(true))
                .requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    public int port() {
        return server.actualPort();
    }

    /** The first UploadPart for {@code partNumber} gets {@code status}, after its body was read; later ones pass. */
    public void failUploadPartOnce(int partNumber, int status) {
        inject(call -> call.kind() == S3RequestKind.UPLOAD_PART && call.partNumber() == partNumber, 1, status);
    }

    /** The next {@code times} CompleteMultipartUpload requests get {@code status}. */
    public void failCompleteMultipartUpload(int times, int status) {
        inject(call -> call.kind() == S3RequestKind.COMPLETE_MULTIPART_UPLOAD, times, status);
    }

    /** The next {@code times} requests of the given kinds, together, get 503 SlowDown, S3's throttling answer. */
    public void slowDown(int times, S3RequestKind... kinds) {
        Set<S3RequestKind> which = Set.copyOf(Arrays.asList(kinds));
        faults.add(new InjectedFault(call -> which.contains(call.kind()), times, 503, "SlowDown",
                "Please reduce your request rate."));
    }

    /**
     * The general rule: the next {@code times} matching requests get {@code status} with a fitting S3 error code
     * (InternalError for 500 and anything unlisted, ServiceUnavailable for 503, AccessDenied for 403, ...).
     */
    public void inject(Predicate<Call> matches, int times, int status) {
        faults.add(new InjectedFault(matches, times, status, errorCode(status), "injected"));
    }

    /**
     * Runs {@code action} (blocking is fine) when the first request matching {@code matches} arrives, and forwards the
     * request only when it is done: how a test puts another writer's object in place between Haul's look at a key
     * and its write, deterministically.
     */
    public void beforeForwarding(Predicate<Call> matches, Runnable action) {
        hooks.add(new Hook(matches, action, new AtomicBoolean()));
    }

    public void clearRules() {
        faults.clear();
        hooks.clear();
    }

    /** Requests seen so far by kind, injected errors included; every kind is present. */
    public Map<S3RequestKind, Integer> counts() {
        Map<S3RequestKind, Integer> snapshot = new EnumMap<>(S3RequestKind.class);
        for (S3RequestKind kind : S3RequestKind.values()) {
            AtomicInteger count = counts.get(kind);
            snapshot.put(kind, count == null ? 0 : count.get());
        }
        return snapshot;
    }

    public int count(S3RequestKind kind) {
        return counts().get(kind);
    }

    public void clearCounts() {
        counts.clear();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        Call call = Call.of(request);
        counts.computeIfAbsent(call.kind(), kind -> new AtomicInteger()).incrementAndGet();
        for (InjectedFault fault : faults) {
            if (fault.fire(call)) {
                answerAfterDraining(request, fault);
                return;
            }
        }
        request.pause();
        for (Hook hook : hooks) {
            if (hook.matches().test(call) && hook.fired().compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    hook.action().run();
                    return null;
                }).onComplete(done -> forwarder.forward(request));
                return;
            }
        }
        forwarder.forward(request);
    }

    /** Reads the whole body away, then answers, so the client's next request on this connection starts clean. */
    private static void answerAfterDraining(HttpServerRequest request, InjectedFault fault) {
        request.handler(ignored -> {});
        request.endHandler(ended -> request.response().setStatusCode(fault.status)
                .putHeader("Content-Type", "application/xml").putHeader("x-amz-request-id", "injected")
                .end(fault.xml()));
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "InvalidRequest";
            case 403 -> "AccessDenied";
            case 404 -> "NoSuchUpload";
            case 503 -> "ServiceUnavailable";
            default -> "InternalError";
        };
    }
}
