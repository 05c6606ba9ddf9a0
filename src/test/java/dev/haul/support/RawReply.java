package dev.haul.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * Writes one answer of {@link FaultyOrigin} straight onto the socket, so it can say things an HTTP library would
 * refuse to: a length it does not keep, a body cut short, a reset. Bodies stream from {@link Bodies} with
 * backpressure. Each answer ends in exactly one way: {@link #finish()} (keep-alive, unless the client asked to close),
 * {@link #closeCleanly()} (FIN), {@link #reset()} (RST) or not at all (a stall).
 */
final class RawReply {

    private static final int CHUNK = 64 * 1024;
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(206, "Partial Content"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final NetSocket socket;
    private final RawRequest request;
    private final Runnable nextRequest;
    private Future<Void> lastWrite = Future.succeededFuture();
    private boolean closeAfter;
    private Runnable whenEnded = () -> {};
    private boolean ended;

    RawReply(NetSocket socket, RawRequest request, Runnable nextRequest) {
        this.socket = socket;
        this.request = request;
        this.nextRequest = nextRequest;
    }

    /** Runs {@code action} once when this answer ends, however it ends (a stall ends when the client closes). */
    void whenEnded(Runnable action) {
        whenEnded = action;
    }

    /** Whether the answer has ended, by its route or because the client went away. */
    boolean isEnded() {
        return ended;
    }

    /** Marks the answer ended; only the first call counts. */
    void ended() {
        if (!ended) {
            ended = true;
            whenEnded.run();
        }
    }

    /** Writes the status line and headers; the caller decides what, if anything, follows. */
    RawReply head(int status, Map<String, String> headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Status")).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        closeAfter = request.wantsClose() || "close".equalsIgnoreCase(headers.get("Connection"));
        if (closeAfter && !headers.containsKey("Connection")) {
            head.append("Connection: close\r\n");
        }
        write(Buffer.buffer(head.append("\r\n").toString(), "ISO-8859-1"));
        return this;
    }

    /**
     * A whole small answer: head with Content-Length, body (left out for HEAD, and with the length for 1xx, 204 and
     * 304), then {@link #finish()}.
     */
    void send(int status, Map<String, String> headers, byte[] body) {
        boolean bodiless = status < 200 || status == 204 || status == 304;
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (!bodiless) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        head(status, all);
        if (!request.isHead() && !bodiless && body.length > 0) {
            write(Buffer.buffer(body));
        }
        finish();
    }

    void sendText(int status, Map<String, String> headers, String text) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "text/plain; charset=utf-8");
        send(status, all, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Streams bytes {@code [from, to)} of the named body, as-is or as HTTP chunks, then runs {@code then}. Nothing is
     * written for a HEAD request.
     */
    void body(String name, long from, long to, boolean chunked, Runnable then) {
        if (request.isHead()) {
            then.run();
            return;
        }
        long position = from;
        while (position < to && !socket.writeQueueFull()) {
            int n = (int) Math.min(CHUNK, to - position);
            Buffer data = Buffer.buffer(Bodies.bytes(name, position, n));
            write(chunked
                    ? Buffer.buffer(Integer.toHexString(n) + "\r\n").appendBuffer(data).appendString("\r\n")
                    : data);
            position += n;
        }
        if (position < to) {
            long next = position;
            socket.drainHandler(drained -> {
                socket.drainHandler(null);
                body(name, next, to, chunked, then);
            });
            return;
        }
        if (chunked) {
            write(Buffer.buffer("0\r\n\r\n"));
        }
        then.run();
    }

    /** The exchange is complete: read the next request on this connection, or close if either side said so. */
    void finish() {
        ended();
        if (closeAfter) {
            closeCleanly();
        } else {
            nextRequest.run();
        }
    }

    /** Runs {@code next} once everything written so far has reached the socket. */
    void afterWritten(Runnable next) {
        lastWrite.onComplete(written -> next.run());
    }

    /** Closes with a FIN once everything written has reached the socket. */
    void closeCleanly() {
        ended();
        lastWrite.onComplete(written -> socket.close());
    }

    /**
     * Closes with a RST (SO_LINGER 0) once everything written has reached the kernel. The peer may lose bytes it has
     * not read yet on some systems; on Linux it reads what arrived, then sees "connection reset".
     */
    void reset() {
        ended();
        lastWrite.onComplete(written -> {
            if (socket instanceof NetSocketInternal internal) {
                internal.channelHandlerContext().channel().config().setOption(ChannelOption.SO_LINGER, 0);
            }
            socket.close();
        });
    }

    private void write(Buffer data) {
        lastWrite = socket.write(data);
    }
}
