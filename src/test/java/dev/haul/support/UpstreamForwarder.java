package dev.haul.support;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The pass-through half of {@link S3FaultProxy}: sends a request on to the upstream as it came (method, raw URI, every
 * end-to-end header, Host included) and relays the answer. Both bodies are piped with backpressure; a failure on
 * either side resets the other instead of ending it early, so a cut body is never mistaken for a whole one.
 */
final class UpstreamForwarder {

    /** Headers about one connection, not the message; Expect is settled by the proxy itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "expect");

    private final URI upstream;
    private final HttpClient client;

    UpstreamForwarder(Vertx vertx, URI upstream) {
        this.upstream = upstream;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
    }

    /** Forwards a request that the caller has paused (its body must not flow before the upstream request exists). */
    void forward(HttpServerRequest request) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(upstream.getHost())
                .setPort(upstream.getPort()).setURI(request.uri());
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                request.resume();
                request.response().setStatusCode(502).end("upstream unreachable: " + created.cause());
                return;
            }
            HttpClientRequest upstreamRequest = created.result();
            copyHeaders(request.headers(), upstreamRequest.headers());
            upstreamRequest.setChunked(!request.headers().contains("Content-Length")
                    && request.headers().contains("Transfer-Encoding"));
            upstreamRequest.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    relay(answered.result(), request.response());
                } else if (!request.response().headWritten()) {
                    request.response().setStatusCode(502).end("upstream failed: " + answered.cause());
                } else {
                    request.response().reset();
                }
            });
            request.pipe().endOnFailure(false).to(upstreamRequest).onFailure(failed -> upstreamRequest.reset());
        });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response) {
        response.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
        copyHeaders(answer.headers(), response.headers());
        boolean bodiless = answer.statusCode() == 204 || answer.statusCode() == 304 || answer.statusCode() < 200;
        if (!answer.headers().contains("Content-Length") && !bodiless) {
            response.setChunked(true);
        }
        answer.pipe().endOnFailure(false).to(response).onFailure(failed -> response.reset());
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}
