package dev.haul.fetch;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Notices an origin that sends more bytes than its Content-Length. HTTP/1.1 framing ends the body at the declared
 * length, so the client library quietly ignores the rest; but such a body is not the one the origin described, and
 * must not be stored as if it were. Sits on the connection behind the HTTP decoder: requests are never pipelined, so
 * anything decoded after a response's last content and before the next request is bytes beyond the body.
 *
 * <p>The extra bytes come in the same read as the body's end, so they are decoded in the same event-loop turn;
 * {@link BodyReader} checks one turn later.
 */
final class TrailingBytesDetector extends ChannelDuplexHandler {

    private static final String NAME = "haul-trailing-bytes";

    private volatile boolean responseEnded;
    private volatile boolean trailing;

    /** The detector of this connection, added on first use (Vert.x's HTTP/1 pipeline has its handler named "handler"). */
    static TrailingBytesDetector on(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return null;
        }
        var pipeline = base.channel().pipeline();
        synchronized (pipeline) {
            if (pipeline.get(NAME) instanceof TrailingBytesDetector existing) {
                return existing;
            }
            if (pipeline.get("handler") == null) {
                return null;
            }
            TrailingBytesDetector detector = new TrailingBytesDetector();
            pipeline.addBefore("handler", NAME, detector);
            return detector;
        }
    }

    boolean sawTrailingBytes() {
        return trailing;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpObject) {
            if (responseEnded) {
                trailing = true;
            }
            if (msg instanceof LastHttpContent) {
                responseEnded = true;
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            responseEnded = false;
            trailing = false;
        }
        super.write(ctx, msg, promise);
    }
}
