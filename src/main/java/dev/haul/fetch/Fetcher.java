package dev.haul.fetch;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.policy.Decision;
import dev.haul.fetch.policy.Rule;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.model.FailureKind;
import dev.haul.model.FetchItem;
import dev.haul.model.HeaderNames;
import dev.haul.model.TransferException;

/**
 * Opens a URL and hands back its status, headers and a streaming body, following redirects itself.
 *
 * <p>Built on the Mutiny Vert.x HTTP client that Quarkus REST Client Reactive runs on, rather than on a REST Client
 * interface: a URL known only at run time needs the status and headers before the body streams, each redirect hop
 * handled here (so later checks can see every hop), no transparent decompression, and one shared connection pool
 * sized to the batch's concurrency. The REST Client gives a per-instance pool and follows redirects internally.
 *
 * <p>Timeouts are Mutiny's {@code ifNoItem}: the response and its first body byte must arrive within the first-byte
 * timeout of the first request, and every later chunk within the idle timeout of the moment Haul asked for it (see
 * {@link BodyReader}).
 */
@ApplicationScoped
public class Fetcher {

    private final HaulConfig.Fetch config;
    private final UrlPolicy policy;
    private final HttpClient client;
    private final HeaderNames credentials;

    public Fetcher(Vertx vertx, HaulConfig config, UrlPolicy policy) {
        this.config = config.fetch();
        this.policy = policy;
        this.credentials = new HeaderNames(this.config.credentialHeaders());
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(Math.max(this.config.perHostConcurrency(), 1))
                .setMaxWaitQueueSize(-1)
                .setDecompressionSupported(false)
                .setTryUseCompression(false)
                .setForceSni(true)
                .setVerifyHost(true);
        this.config.extraCaCerts().ifPresent(pems -> options.setTrustOptions(OriginTrust.withExtraAuthorities(pems)));
        this.client = vertx.createHttpClient(options);
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    /**
     * Requests the item's URL and follows redirects until a final response; non-2xx ends in a failure. Extra request
     * headers: {@code Range}/{@code If-Range} to resume a body, or
     * {@code If-None-Match}/{@code If-Modified-Since} to refetch conditionally. With those, 206 and 304 are answers
     * too, not failures.
     */
    public Uni<OriginResponse> open(FetchItem item, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(item.headers());
        headers.putAll(extraHeaders);
        return hop(item.url(), headers, new Redirects(item.url()), System.nanoTime());
    }

    private Uni<OriginResponse> hop(URI url, Map<String, String> headers, Redirects redirects, long startNanos) {
        return send(url, headers, HttpMethod.GET).flatMap(exchange -> {
            HttpClientResponse response = exchange.response();
            int status = response.statusCode();
            if (Redirects.isRedirect(status)) {
                discard(exchange);
                URI next = redirects.next(url, response.getHeader("Location"), status);
                return hop(next, Redirects.headersFor(url, next, headers, credentials), redirects, startNanos);
            }
            boolean conditional = headers.containsKey("If-None-Match") || headers.containsKey("If-Modified-Since");
            if (!(status >= 200 && status <= 299) && !(status == 304 && conditional)) {
                discard(exchange);
                String reason = response.statusMessage() == null ? "" : " " + response.statusMessage();
                throw new TransferException(FailureKind.HTTP_STATUS, "origin answered " + status + reason, status, null,
                        RetryAfter.parse(response.getHeader("Retry-After")).orElse(null));
            }
            return Uni.createFrom().item(new OriginResponse(url, status, response.headers(),
                    body(exchange, startNanos)));
        });
    }

    /**
     * The body size the origin declares for a URL, asked with a HEAD request that follows redirects as a GET would
     * (each hop checked by the policy). Empty when the size is unknown: a 2xx without Content-Length, an origin that
     * does not do HEAD (405, 501), or one that does not answer in time. Zero when the URL will fail anyway (refused by
     * the policy, unreachable, a redirect that cannot be followed, any other error status), so it weighs nothing.
     * Never a failure.
     */
    public Uni<OptionalLong> declaredLength(FetchItem item) {
        return headHop(item.url(), item.headers(), new Redirects(item.url()))
                .onFailure().recoverWithItem(e -> TransferException.foundIn(e)
                        .filter(failure -> failure.kind() == FailureKind.FIRST_BYTE_TIMEOUT).isPresent()
                                ? OptionalLong.empty()
                                : OptionalLong.of(0));
    }

    private Uni<OptionalLong> headHop(URI url, Map<String, String> headers, Redirects redirects) {
        return send(url, headers, HttpMethod.HEAD).flatMap(exchange -> {
            discard(exchange);
            int status = exchange.response().statusCode();
            if (Redirects.isRedirect(status)) {
                URI next = redirects.next(url, exchange.response().getHeader("Location"), status);
                return headHop(next, Redirects.headersFor(url, next, headers, credentials), redirects);
            }
            if (status >= 200 && status <= 299) {
                return Uni.createFrom().item(ContentLength.parse(exchange.response().getHeader("Content-Length")));
            }
            return Uni.createFrom().item(status == 405 || status == 501 ? OptionalLong.empty() : OptionalLong.of(0));
        });
    }

    /**
     * Drops a response whose body Haul does not want (a redirect, an error, a HEAD). A short body is read to its end
     * so the connection goes back to the pool; a long or unknown one is cut off by resetting the stream (which closes
     * the connection), quietly, since the reset is intended.
     */
    private static void discard(Exchange exchange) {
        HttpClientResponse response = exchange.response();
        response.exceptionHandler(ignored -> {});
        OptionalLong length = ContentLength.parse(response.getHeader("Content-Length"));
        if (length.isPresent() && length.getAsLong() <= 65_536) {
            response.body().subscribe().with(ignored -> {}, ignored -> exchange.request().reset());
        } else {
            exchange.request().reset();
        }
    }

    private record Exchange(HttpClientRequest request, HttpClientResponse response, CompletionStage<Long> overrun) {}

    /** Checks the URL against the policy, then requests it from exactly the address that was checked. */
    private Uni<Exchange> send(URI url, Map<String, String> headers, HttpMethod method) {
        return Uni.createFrom().item(() -> policy.check(url))
                // The check may resolve a name, which blocks: never on the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(decision -> {
                    if (decision instanceof Decision.Refused refused) {
                        return Uni.createFrom().failure(refusal(refused));
                    }
                    return request(url, headers, method, ((Decision.Allowed) decision).connectTo());
                });
    }

    /** What a refusal of the policy is to the item: blocked, unless there was no address to judge at all. */
    static TransferException refusal(Decision.Refused refused) {
        FailureKind kind = refused.rule() == Rule.UNRESOLVED ? FailureKind.DNS : FailureKind.BLOCKED;
        return new TransferException(kind, refused.reason());
    }

    private Uni<Exchange> request(URI url, Map<String, String> headers, HttpMethod method,
            InetSocketAddress connectTo) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url.toString())
                .setServer(SocketAddress.inetSocketAddress(connectTo))
                // Bounds the wait for a pooled connection as well as the TCP connect itself.
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setFollowRedirects(false)
                .putHeader("User-Agent", config.userAgent());
        headers.forEach(options::putHeader);
        return client.request(options).flatMap(request -> {
            BodyOverrunGuard guard = BodyOverrunGuard.on(request.connection().getDelegate());
            return request.send()
                    // Nothing may flow before the body subscriber is there to ask for it.
                    .onItem().invoke(HttpClientResponse::pause)
                    .map(response -> new Exchange(request, response, guard == null
                            ? CompletableFuture.completedStage(0L)
                            : guard.overrunOfCurrentResponse()))
                    .ifNoItem().after(config.firstByteTimeout()).failWith(() -> firstByteTimeout(config
                            .firstByteTimeout()))
                    // A request given up on (timed out, or its caller gone) must free its connection, or the pool runs dry.
                    .onTermination().invoke((exchange, failure, cancelled) -> {
                        if (failure != null || cancelled) {
                            request.reset();
                        }
                    });
        })
                // What the HTTP client says may quote what it was given; no header value leaves this method.
                .onFailure(e -> !(e instanceof TransferException))
                .transform(e -> FailureClassifier.classify(e, headers.values()));
    }

    private Multi<Buffer> body(Exchange exchange, long requestStartNanos) {
        Duration spent = Duration.ofNanos(System.nanoTime() - requestStartNanos);
        Duration firstByteLeft = config.firstByteTimeout().minus(spent);
        return BodyReader.stream(exchange.response().getDelegate(), exchange.overrun(),
                firstByteLeft.isNegative() ? Duration.ZERO : firstByteLeft, config.idleTimeout())
                // A body abandoned half-way must not leave its connection in the pool.
                .onTermination().invoke((failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        exchange.request().reset();
                    }
                });
    }

    private static TransferException firstByteTimeout(Duration after) {
        return new TransferException(FailureKind.FIRST_BYTE_TIMEOUT, "no response within " + Durations.text(after));
    }
}
