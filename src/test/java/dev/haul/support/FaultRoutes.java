package dev.haul.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

import io.vertx.core.json.JsonObject;

/** What {@link FaultyOrigin} answers on each route; see its class comment for the list. */
final class FaultRoutes {

    private static final Map<String, byte[]> GZIPPED = new ConcurrentHashMap<>();

    /** How long {@code /slow/...} holds its answer, so that requests overlap. */
    private static final long HOLD_MILLIS = 300;
    /** What {@code /trickle/...} sends per step, and how often. */
    private static final int TRICKLE_BYTES = 1024;
    private static final long TRICKLE_MILLIS = 100;

    private final UnaryOperator<String> url;
    private final BiConsumer<Long, Runnable> later;

    /**
     * {@code url} turns a path into an absolute URL on this origin, for Location headers; {@code later} runs an action
     * after some milliseconds, on the connection's event loop.
     */
    FaultRoutes(UnaryOperator<String> url, BiConsumer<Long, Runnable> later) {
        this.url = url;
        this.later = later;
    }

    /** Answers {@code request}, the {@code attempt}-th (from 1) with its exact target since the last reset. */
    void answer(RawRequest request, int attempt, RawReply reply) {
        String[] s = request.segments();
        switch (s[0]) {
            case "ok", "bytes" -> file(s).serve(request, reply, true);
            case "slow" -> later.accept(HOLD_MILLIS, () -> file(s).serve(request, reply, true));
            case "trickle" -> trickle(file(s), request, reply);
            case "cond" -> conditional(file(s), request, reply);
            case "stall-before-headers" -> {
            } // Never answers; the socket stays open until the client gives up.
            case "headers-then-nothing", "stall-headers" -> reply.head(200, Map.of("Content-Length", s[1]));
            case "stall-mid" -> bodyThen(file(s), reply, () -> {});
            case "reset-mid" -> resetMid(file(s), attempt <= request.intParam("times", 1), request, reply);
            case "reset-mid-changed" -> resetMidChanged(file(s), attempt, request, reply);
            case "retry-after" -> retryAfter(file(s), attempt <= request.intParam("times", 1), request, reply);
            case "status-storm" -> {
                int status = attempt <= request.intParam("times", 1) ? Integer.parseInt(s[1]) : 200;
                reply.sendText(status, Map.of(), "status " + status);
            }
            case "short" -> bodyThen(file(s), reply, reply::closeCleanly);
            case "long" -> tooLong(file(s), reply);
            case "long-late" -> tooLongLate(file(s), reply);
            case "long-keepalive" -> tooLongKeepAlive(file(s), reply);
            case "redirect-loop" -> redirect(reply, url.apply("/redirect-loop/" + (Integer.parseInt(s[1]) + 1) % 2));
            case "redirect-chain" -> redirectChain(Integer.parseInt(s[1]), request.query().get("to"), reply);
            case "redirect", "redirect-other-host" -> redirect(reply, request.query().get("to"));
            case "gzip" -> gzip(file(s), reply);
            case "chunked" -> chunked(file(s), reply);
            case "status" -> reply.sendText(Integer.parseInt(s[1]), Map.of(), "status " + s[1]);
            case "echo-headers" -> reply.send(200, Map.of("Content-Type", "application/json"),
                    new JsonObject(new LinkedHashMap<>(request.headers())).encode().getBytes(StandardCharsets.UTF_8));
            default -> reply.sendText(404, Map.of(), "no route " + request.path());
        }
    }

    /** The exact bytes {@code /gzip/{name}/{size}} serves: the deterministic body, gzipped. */
    static byte[] gzipped(String name, int size) {
        return GZIPPED.computeIfAbsent(name + "/" + size, key -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(Bodies.bytes(name, 0, size));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }).clone();
    }

    private static OriginResource file(String[] segments) {
        return OriginResource.of(segments[1], Long.parseLong(segments[2]));
    }

    private static void conditional(OriginResource file, RawRequest request, RawReply reply) {
        if (file.notModified(request)) {
            Map<String, String> headers = file.headers();
            headers.remove("Content-Type");
            reply.head(304, headers).finish();
        } else {
            file.serve(request, reply, true);
        }
    }

    /** Full-length headers and the first half of the body, then {@code then} (stall, FIN or RST). */
    private static void bodyThen(OriginResource file, RawReply reply, Runnable then) {
        Map<String, String> headers = file.headers();
        headers.put("Content-Length", Long.toString(file.size()));
        reply.head(200, headers).body(file.bodyName(), 0, file.size() / 2, false, then);
    }

    private void trickle(OriginResource file, RawRequest request, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.put("Content-Length", Long.toString(file.size()));
        reply.head(200, headers);
        if (request.isHead()) {
            reply.finish();
            return;
        }
        long fast = Math.min(request.intParam("fast", 0), file.size());
        reply.body(file.bodyName(), 0, fast, false, () -> trickleFrom(file, fast, reply));
    }

    /** One step of a trickle; it stops when the body is done or the client has gone. */
    private void trickleFrom(OriginResource file, long from, RawReply reply) {
        if (reply.isEnded()) {
            return;
        }
        if (from >= file.size()) {
            reply.finish();
            return;
        }
        long to = Math.min(file.size(), from + TRICKLE_BYTES);
        later.accept(TRICKLE_MILLIS, () -> reply.body(file.bodyName(), from, to, false,
                () -> trickleFrom(file, to, reply)));
    }

    private static void tooLong(OriginResource file, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.put("Content-Length", Long.toString(file.size()));
        headers.put("Connection", "close");
        reply.head(200, headers).body(file.bodyName(), 0, file.size() + 1000, false, reply::closeCleanly);
    }

    /** The declared body, and only once it has left the socket, 1000 bytes more in a later packet, then FIN. */
    private static void tooLongLate(OriginResource file, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.put("Content-Length", Long.toString(file.size()));
        headers.put("Connection", "close");
        reply.head(200, headers).body(file.bodyName(), 0, file.size(), false,
                () -> reply.afterWritten(() -> reply.body(file.bodyName(), file.size(), file.size() + 1000, false,
                        reply::closeCleanly)));
    }

    /** Keep-alive, and 1000 bytes beyond the declared body written with its last bytes; the connection stays open. */
    private static void tooLongKeepAlive(OriginResource file, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.put("Content-Length", Long.toString(file.size()));
        reply.head(200, headers).body(file.bodyName(), 0, file.size() + 1000, false, () -> {});
    }

    private static void resetMid(OriginResource file, boolean fault, RawRequest request, RawReply reply) {
        if (fault) {
            bodyThen(file, reply, reply::reset);
        } else {
            file.serve(request, reply, true);
        }
    }

    /** One reset, then the file has changed: new bytes and ETag, and If-Range no longer holds. */
    private static void resetMidChanged(OriginResource file, int attempt, RawRequest request, RawReply reply) {
        if (attempt == 1) {
            bodyThen(file, reply, reply::reset);
        } else {
            file.changed().serve(request, reply, false);
        }
    }

    private static void retryAfter(OriginResource file, boolean fault, RawRequest request, RawReply reply) {
        if (!fault) {
            file.serve(request, reply, true);
            return;
        }
        int seconds = request.intParam("after", 1);
        String value = "true".equals(request.query().get("date"))
                ? OriginResource.HTTP_DATE.format(Instant.now().plusSeconds(seconds))
                : Integer.toString(seconds);
        reply.sendText(503, Map.of("Retry-After", value), "try again later");
    }

    private static void chunked(OriginResource file, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.remove("Accept-Ranges");
        headers.put("Transfer-Encoding", "chunked");
        reply.head(200, headers).body(file.bodyName(), 0, file.size(), true, reply::finish);
    }

    private void redirectChain(int hops, String to, RawReply reply) {
        redirect(reply, hops <= 1
                ? to
                : url.apply("/redirect-chain/" + (hops - 1) + "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8)));
    }

    private static void redirect(RawReply reply, String location) {
        reply.send(302, Map.of("Location", location), new byte[0]);
    }

    private static void gzip(OriginResource file, RawReply reply) {
        Map<String, String> headers = file.headers();
        headers.remove("Accept-Ranges");
        headers.put("Content-Encoding", "gzip");
        reply.send(200, headers, gzipped(file.bodyName(), Math.toIntExact(file.size())));
    }
}
