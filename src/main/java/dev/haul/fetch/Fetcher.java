package dev.haul.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.policy.Decision;
import dev.haul.fetch.policy.Rule;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.model.FailureKind;
import dev.haul.model.FetchItem;
import dev.haul.model.HeaderNames;
import dev.haul.model.TransferException;

/**
 * Opens a URL and hands back its status, headers and a streaming body, following redirects itself, through the
 * {@link OriginClient} REST Client.
 *
 * <p>Each hop is checked by the URL policy before its request (the name resolved, every address checked), and the
 * address the client then connects to is checked again before any byte is written ({@link ConnectionCheck}).
 * Redirects, their limits and the headers that may follow them are decided here, hop by hop ({@link Redirects}).
 *
 * <p>Timeouts are Mutiny's {@code ifNoItem}: the response head within the first-byte timeout, the first body byte
 * within what is left of it, and every later read within the idle timeout ({@link BodyStream}). A request given up
 * on, at any point, is reset, so its connection is closed instead of going back to the pool half-read.
 */
@ApplicationScoped
public class Fetcher {

    /** Unread bodies up to this size are read to their end (the connection is kept); longer ones are cut off. */
    private static final long DRAIN_LIMIT = 65_536;
    /** "Connection refused: host/10.0.0.5:8080", as Netty names the address a failed connection went to. */
    private static final Pattern CONNECT_TARGET = Pattern.compile("/([0-9A-Fa-f:.]+):(\\d{1,5})$");

    private final HaulConfig.Fetch config;
    private final UrlPolicy policy;
    private final io.vertx.core.Vertx vertx;
    private final OriginClient client;
    private final HeaderNames credentials;
    private final ExecutorService bodyReaders;

    public Fetcher(Vertx vertx, HaulConfig config, UrlPolicy policy) {
        this.config = config.fetch();
        this.policy = policy;
        this.vertx = vertx.getDelegate();
        this.credentials = new HeaderNames(this.config.credentialHeaders());
        this.client = OriginClients.create(this.config, policy);
        this.bodyReaders = readers(Math.max(this.config.concurrency(), 1));
    }

    /**
     * One thread per transfer that may run at once: a body read blocks its thread only while it waits for the
     * origin, and at most that many bodies are read at a time. Threads start on first use and end when idle.
     */
    private static ExecutorService readers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "haul-body-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @PreDestroy
    public void close() throws Exception {
        bodyReaders.shutdownNow();
        if (client instanceof AutoCloseable pool) {
            pool.close();
        }
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
        return get(item.url(), headers, new Redirects(item.url()), System.nanoTime());
    }

    private Uni<OriginResponse> get(URI url, Map<String, String> headers, Redirects redirects, long startNanos) {
        return send(url, headers, false).flatMap(answer -> {
            int status = answer.status();
            if (Redirects.isRedirect(status)) {
                discard(answer);
                URI next = redirects.next(url, answer.header("Location"), status);
                return get(next, Redirects.headersFor(url, next, headers, credentials), redirects, startNanos);
            }
            boolean conditional = headers.containsKey("If-None-Match") || headers.containsKey("If-Modified-Since");
            if (!(status >= 200 && status <= 299) && !(status == 304 && conditional)) {
                discard(answer);
                String reason = answer.response().getStatusInfo().getReasonPhrase();
                throw new TransferException(FailureKind.HTTP_STATUS, "origin answered " + status
                        + (reason == null || reason.isEmpty() ? "" : " " + reason), status, null,
                        RetryAfter.parse(answer.header("Retry-After")).orElse(null));
            }
            return Uni.createFrom().item(new OriginResponse(url, status, answer.response().getStringHeaders(),
                    body(answer, startNanos), answer.exchange()::abandon));
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
        return head(item.url(), item.headers(), new Redirects(item.url()))
                .onFailure().recoverWithItem(e -> TransferException.foundIn(e)
                        .filter(failure -> failure.kind() == FailureKind.FIRST_BYTE_TIMEOUT).isPresent()
                                ? OptionalLong.empty()
                                : OptionalLong.of(0));
    }

    private Uni<OptionalLong> head(URI url, Map<String, String> headers, Redirects redirects) {
        return send(url, headers, true).flatMap(answer -> {
            // A HEAD response has no body, whatever its Content-Length says: its connection goes back to the pool.
            closeQuietly(answer.response().getEntity());
            int status = answer.status();
            if (Redirects.isRedirect(status)) {
                URI next = redirects.next(url, answer.header("Location"), status);
                return head(next, Redirects.headersFor(url, next, headers, credentials), redirects);
            }
            if (status >= 200 && status <= 299) {
                return Uni.createFrom().item(ContentLength.parse(answer.header("Content-Length")));
            }
            return Uni.createFrom().item(status == 405 || status == 501 ? OptionalLong.empty() : OptionalLong.of(0));
        });
    }

    /** A response head, with the exchange it came on and its unread body. */
    private record Answer(OriginExchange exchange, RestResponse<InputStream> response) {

        int status() {
            return response.getStatus();
        }

        String header(String name) {
            return response.getHeaderString(name);
        }
    }

    /**
     * Drops a response whose body Haul does not want (a redirect, an error). A short body is read to its end
     * so the connection goes back to the pool; a long or unknown one is cut off by resetting the request (which
     * closes the connection).
     */
    private static void discard(Answer answer) {
        OptionalLong length = ContentLength.parse(answer.header("Content-Length"));
        if (length.isPresent() && length.getAsLong() <= DRAIN_LIMIT) {
            closeQuietly(answer.response().getEntity());
        } else {
            answer.exchange().abandon();
        }
    }

    private static void closeQuietly(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            // The client's stream reads what is left of the body in the background, then frees the connection.
            body.close();
        } catch (IOException ignored) {
            // Nothing to free that the reset would not.
        }
    }

    /** Checks the URL against the policy, then makes the request through the REST Client. */
    private Uni<Answer> send(URI url, Map<String, String> headers, boolean head) {
        return Uni.createFrom().item(() -> policy.check(url))
                // The check may resolve a name, which blocks: never on the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(decision -> {
                    if (decision instanceof Decision.Refused refused) {
                        return Uni.createFrom().failure(refusal(refused));
                    }
                    return call(url, headers, head);
                });
    }

    /** What a refusal of the policy is to the item: blocked, unless there was no address to judge at all. */
    static TransferException refusal(Decision.Refused refused) {
        FailureKind kind = refused.rule() == Rule.UNRESOLVED ? FailureKind.DNS : FailureKind.BLOCKED;
        return new TransferException(kind, refused.reason());
    }

    /**
     * One request. The REST Client's own {@code Uni} is subscribed to once and never cancelled: when Haul gives up
     * first (the first-byte timeout, or its caller gone), the exchange is abandoned instead, which resets the request
     * now or as soon as the client makes it, and a response arriving after that is dropped the same way.
     */
    private Uni<Answer> call(URI url, Map<String, String> headers, boolean head) {
        OriginExchange exchange = new OriginExchange(url, headers);
        return Uni.createFrom().<Answer>emitter(emitter -> {
            Handoff handoff = new Handoff();
            emitter.onTermination(() -> {
                if (handoff.giveUp()) {
                    exchange.abandon();
                }
            });
            exchange.newContext(vertx).runOnContext(ignored -> (head
                    ? client.head(url.toString(), headers)
                    : client.get(url.toString(), headers))
                    .subscribe().with(response -> {
                        if (handoff.take()) {
                            emitter.complete(new Answer(exchange, response));
                        } else {
                            exchange.abandon();
                        }
                    }, emitter::fail));
        })
                .ifNoItem().after(config.firstByteTimeout()).failWith(() -> firstByteTimeout(config
                        .firstByteTimeout()))
                // What the HTTP client says may quote what it was given; no header value leaves this method.
                .onFailure(e -> !(e instanceof TransferException))
                .transform(e -> failure(exchange, e, headers));
    }

    /** Who owns a response: the caller once it is handed over, nobody (so it is dropped) once the caller gave up. */
    private static final class Handoff {
        private boolean taken;
        private boolean givenUp;

        synchronized boolean take() {
            taken = !givenUp;
            return taken;
        }

        synchronized boolean giveUp() {
            givenUp = !taken;
            return givenUp;
        }
    }

    /**
     * A failed request, classified. A connection to an address the policy refuses is blocked whether or not it
     * opened: the peer check refused it, or it could not be made at all, and both read the same.
     */
    private TransferException failure(OriginExchange exchange, Throwable error, Map<String, String> headers) {
        if (exchange.refusal() != null) {
            return exchange.refusal();
        }
        TransferException classified = FailureClassifier.classify(error, headers.values());
        if (classified.kind() == FailureKind.CONNECT) {
            Optional<Decision.Refused> refused = refusedTarget(exchange.url(), error);
            if (refused.isPresent()) {
                return refusal(refused.get());
            }
        }
        return classified;
    }

    /** The policy's verdict on the address a failed connection was trying to reach, when the failure names it. */
    private Optional<Decision.Refused> refusedTarget(URI url, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Matcher target = CONNECT_TARGET.matcher(String.valueOf(cause.getMessage()));
            if (target.find()) {
                try {
                    // Only a numeric address matches the pattern: this reads it, it never looks anything up.
                    return policy.checkPeer(url, InetAddress.getByName(target.group(1)),
                            Integer.parseInt(target.group(2)));
                } catch (UnknownHostException | NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Multi<Buffer> body(Answer answer, long requestStartNanos) {
        Duration spent = Duration.ofNanos(System.nanoTime() - requestStartNanos);
        Duration firstByteLeft = config.firstByteTimeout().minus(spent);
        OriginExchange exchange = answer.exchange();
        InputStream stream = answer.response().getEntity();
        return BodyStream.of(stream, ContentLength.parse(answer.header("Content-Length")), exchange.overrun(),
                firstByteLeft.isNegative() ? Duration.ZERO : firstByteLeft, config.idleTimeout(), bodyReaders)
                // A body abandoned half-way must not leave its connection in the pool.
                .onTermination().invoke((failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        exchange.abandon();
                    } else {
                        closeQuietly(stream);
                    }
                });
    }

    private static TransferException firstByteTimeout(Duration after) {
        return new TransferException(FailureKind.FIRST_BYTE_TIMEOUT, "no response within " + Durations.text(after));
    }
}
