package dev.haul.fetch;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

import dev.haul.model.TransferException;

/**
 * One request to an origin, as Haul tracks it around the REST Client: what it asked for, the HTTP request the
 * client made for it, and whether Haul has given up on it.
 *
 * <p>The REST Client runs each call's handlers on the Vert.x context it was invoked from, so {@link Fetcher} invokes
 * it from a fresh duplicated context that holds this object; the {@link ConnectionCheck} and the {@link ItemHeaders}
 * filter find it there. That is how a connection, the moment the client has it and before any byte is written,
 * is tied to the URL it is for.
 *
 * <p>Giving up ({@link #abandon}) resets the request, which closes its connection instead of returning a
 * half-read one to the pool. A call given up on before the client had a connection for it is reset as soon as it
 * gets one, which is why Haul never cancels the REST Client's own {@code Uni} (cancelling that while it waits for a
 * pooled connection would leak the connection it later gets).
 */
final class OriginExchange {

    private static final String KEY = OriginExchange.class.getName();

    private final URI url;
    private final Map<String, String> headers;
    private HttpClientRequest request;
    private boolean abandoned;
    private BodyOverrunGuard guard;
    private volatile TransferException refusal;

    OriginExchange(URI url, Map<String, String> headers) {
        this.url = url;
        this.headers = headers;
    }

    /** A new duplicated context of {@code vertx} that carries this exchange to the client's hooks. */
    Context newContext(Vertx vertx) {
        Context context = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.putLocal(KEY, this);
        return context;
    }

    /** The exchange of the call running on the current Vert.x context, or {@code null} for a call Haul did not make. */
    static OriginExchange current() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(KEY);
    }

    URI url() {
        return url;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The client has a connection and a request for this call; resets it at once when Haul has given up already. */
    synchronized boolean attach(HttpClientRequest made, BodyOverrunGuard guard) {
        if (abandoned) {
            made.reset();
            return false;
        }
        request = made;
        this.guard = guard;
        return true;
    }

    /** The connection reached an address the policy refuses; the request is reset with nothing sent. */
    void refuse(HttpClientRequest made, TransferException why) {
        refusal = why;
        made.reset(0, why);
    }

    /** Why the connection was refused, if it was. */
    TransferException refusal() {
        return refusal;
    }

    /**
     * How many bytes the origin sent beyond the declared length of this call's response (0 on a connection the guard
     * cannot watch); completes once that is known, after the body has ended. Asked once the response head is in:
     * requests are never pipelined, so the connection's current response is this call's.
     */
    synchronized CompletionStage<Long> overrun() {
        return guard == null ? CompletableFuture.completedStage(0L) : guard.overrunOfCurrentResponse();
    }

    /**
     * Gives up on the call: its request is reset now (its connection closed, not returned to the pool), or as soon as
     * the client makes it. Safe to call again, and after the response has come.
     */
    void abandon() {
        HttpClientRequest made;
        synchronized (this) {
            abandoned = true;
            made = request;
        }
        if (made != null) {
            made.reset();
        }
    }
}
