package dev.haul.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One client connection to {@link FaultyOrigin}: cuts request heads out of the byte stream (request line and headers up
 * to the blank line; requests carry no body) and answers them one at a time, so pipelined and keep-alive requests are
 * served in order. A request read while an answer is still being written waits for it.
 */
final class OriginConnection {

    private static final int MAX_HEAD = 64 * 1024;
    private static final String END_OF_HEAD = "\r\n\r\n";

    private final NetSocket socket;
    private final BiConsumer<RawRequest, RawReply> dispatcher;
    private Buffer pending = Buffer.buffer();
    private boolean answering;
    private RawReply current;

    OriginConnection(NetSocket socket, BiConsumer<RawRequest, RawReply> dispatcher) {
        this.socket = socket;
        this.dispatcher = dispatcher;
    }

    void start() {
        // A client that resets or times out is part of what these tests do, not an error of the origin.
        socket.exceptionHandler(ignored -> {});
        // A stalled answer ends when the client gives up and closes.
        socket.closeHandler(ignored -> {
            if (current != null) {
                current.ended();
            }
        });
        socket.handler(data -> {
            pending.appendBuffer(data);
            if (!answering) {
                next();
            }
        });
    }

    private void next() {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf(END_OF_HEAD);
        if (end < 0) {
            if (pending.length() > MAX_HEAD) {
                refuse("request head too large");
            }
            return;
        }
        pending = pending.getBuffer(end + END_OF_HEAD.length(), pending.length());
        answering = true;
        RawRequest request;
        try {
            request = RawRequest.parse(text.substring(0, end));
        } catch (IllegalArgumentException e) {
            refuse(e.getMessage());
            return;
        }
        current = new RawReply(socket, request, this::answered);
        dispatcher.accept(request, current);
    }

    private void answered() {
        answering = false;
        if (pending.length() > 0) {
            next();
        }
    }

    private void refuse(String why) {
        RawRequest close = new RawRequest("GET", "/", "/", Map.of(), Map.of("Connection", "close"));
        new RawReply(socket, close, () -> {}).sendText(400, Map.of(), why);
    }
}
