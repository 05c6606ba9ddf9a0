package dev.haul.fetch;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Notices an origin that sends more bytes than its {@code Content-Length}.
 *
 * <p>HTTP/1.1 framing ends a body at the declared length, so the client library quietly ignores what follows; but
 * such a body is not the one the origin described, and must not be stored as if it were. The guard counts the raw
 * bytes of each response on the connection (decrypted, before the HTTP decoder) and compares them with the head's
 * length plus the declared body length. Requests are never pipelined, so any byte beyond that is an overrun.
 *
 * <p>The verdict on a response comes once no more of its bytes can arrive:
 * <ul>
 * <li>for a response that closes the connection, when the origin has closed it. The close the HTTP client asks for
 * at the body's end is held back until then (or a short grace), because bytes still in flight would be lost with
 * a socket closed under them;</li>
 * <li>for a keep-alive response, at the end of the read that completed the body. Extra bytes written with the body
 * arrive in that read; ones an origin writes much later arrive on an idle connection, which is then closed so they
 * cannot be taken for the next response.</li>
 * </ul>
 *
 * <p>Two handlers share the state: one before the HTTP codec counts raw bytes and holds the close, one after it
 * learns where each exchange starts and ends. Everything runs on the connection's event loop.
 */
final class BodyOverrunGuard {

    private static final String RAW = "haul-overrun-raw";
    private static final String DECODED = "haul-overrun-decoded";
    /** How long to wait for an origin that said {@code Connection: close} to actually close. */
    private static final long CLOSE_GRACE_MILLIS = 1_000;

    private volatile ResponseBytes current = ResponseBytes.idle();

    private BodyOverrunGuard() {}

    /**
     * The guard of this HTTP/1.x connection, added on first use; {@code null} when the connection is not one Haul
     * can watch (then no overrun is ever reported). Must be called before the request is sent.
     */
    static BodyOverrunGuard on(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return null;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        synchronized (pipeline) {
            if (pipeline.get(RAW) instanceof RawBytes existing) {
                return existing.guard();
            }
            // Vert.x names its HTTP/1 codec "codec" and its connection handler "handler".
            if (pipeline.get("codec") == null || pipeline.get("handler") == null) {
                return null;
            }
            BodyOverrunGuard guard = new BodyOverrunGuard();
            pipeline.addBefore("codec", RAW, guard.new RawBytes());
            pipeline.addBefore("handler", DECODED, guard.new Messages());
            return guard;
        }
    }

    /**
     * The number of bytes the origin sent beyond the declared length of the response now being read (0 when it kept
     * to it, or declared none); completes once that is known.
     */
    CompletionStage<Long> overrunOfCurrentResponse() {
        return current.verdict;
    }

    /** Before the codec: counts raw bytes, settles verdicts, holds the client's close until the origin's. */
    private final class RawBytes extends ChannelDuplexHandler {

        private ChannelPromise heldClose;

        BodyOverrunGuard guard() {
            return BodyOverrunGuard.this;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!(msg instanceof ByteBuf bytes)) {
                super.channelRead(ctx, msg);
                return;
            }
            ResponseBytes exchange = current;
            if (exchange.ended) {
                // Nothing is being read: these bytes belong to no response. Count them, and never let them be parsed
                // as the next response.
                exchange.rawBytes += bytes.readableBytes();
                bytes.release();
                exchange.settle();
                ctx.close();
                return;
            }
            exchange.count(bytes);
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            ResponseBytes exchange = current;
            if (exchange.ended && !exchange.verdict.isDone()) {
                if (exchange.keepAlive || exchange.overrun() > 0) {
                    settleAndClose(ctx, exchange);
                } else if (!exchange.graceStarted) {
                    exchange.graceStarted = true;
                    ctx.executor().schedule(() -> settleAndClose(ctx, exchange), CLOSE_GRACE_MILLIS,
                            TimeUnit.MILLISECONDS);
                }
            }
            super.channelReadComplete(ctx);
        }

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
            ResponseBytes exchange = current;
            if (exchange.ended && !exchange.keepAlive && !exchange.verdict.isDone() && ctx.channel().isActive()
                    && heldClose == null) {
                heldClose = promise;
                ctx.channel().config().setAutoRead(true);
                ctx.read();
                return;
            }
            super.close(ctx, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            current.settle();
            releaseHeldClose(ctx);
            super.channelInactive(ctx);
        }

        private void settleAndClose(ChannelHandlerContext ctx, ResponseBytes exchange) {
            exchange.settle();
            if (exchange.overrun() > 0) {
                // The rest of the stream is not HTTP any more: the connection must never be reused.
                ctx.close();
            }
            releaseHeldClose(ctx);
        }

        private void releaseHeldClose(ChannelHandlerContext ctx) {
            ChannelPromise held = heldClose;
            heldClose = null;
            if (held != null) {
                ctx.close(held);
            }
        }
    }

    /** After the codec: a request starts an exchange; the response head says what to expect; its last part ends it. */
    private final class Messages extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpRequest request) {
                // The previous response is complete (requests are never pipelined), and all of its bytes are counted.
                current.settle();
                ResponseBytes next = new ResponseBytes();
                next.headRequest = request.method().equals(HttpMethod.HEAD);
                current = next;
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            ResponseBytes exchange = current;
            if (exchange.ended) {
                // What the decoder made of bytes beyond the body: not a response, and not for the HTTP client to see.
                // They are counted already; the raw side closes the connection.
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                boolean bodiless = exchange.headRequest || status < 200 || status == 204 || status == 304;
                exchange.declared = bodiless || HttpUtil.isTransferEncodingChunked(response)
                        ? -1
                        : HttpUtil.getContentLength(response, -1L);
                exchange.keepAlive = HttpUtil.isKeepAlive(response);
                if (status < 200) {
                    exchange.unwatched = true;
                    exchange.inInterim = true;
                }
            }
            if (msg instanceof LastHttpContent) {
                if (exchange.inInterim) {
                    exchange.inInterim = false;
                } else {
                    exchange.ended = true;
                }
            }
            super.channelRead(ctx, msg);
        }
    }
}
