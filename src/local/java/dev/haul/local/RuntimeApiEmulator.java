package dev.haul.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The part of the Lambda Runtime API a function's poll loop uses, on 127.0.0.1 with a free port, serving exactly one
 * invocation. The function's next poll after it answered is left hanging, as on Lambda when no event is queued, so
 * the function simply waits until it is stopped.
 */
final class RuntimeApiEmulator implements AutoCloseable {

    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(15);
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:haul-local";

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final byte[] event;
    private final Duration budget;
    private final String requestId = UUID.randomUUID().toString();
    private final AtomicBoolean handedOut = new AtomicBoolean();
    private final CompletableFuture<RuntimeOutcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ExecutorService threads;
    private final HttpServer server;

    private RuntimeApiEmulator(byte[] event, Duration budget) throws IOException {
        this.event = event.clone();
        this.budget = budget;
        // One thread per exchange: a hanging poll must never hold up the response that ends the invocation.
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
    }

    /** Starts serving {@code event} as the one invocation, with {@code budget} as its time limit. */
    static RuntimeApiEmulator start(byte[] event, Duration budget) throws IOException {
        RuntimeApiEmulator emulator = new RuntimeApiEmulator(event, budget);
        emulator.server.start();
        return emulator;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes when the function has posted its response or an error. */
    CompletableFuture<RuntimeOutcome> outcome() {
        return outcome;
    }

    @Override
    public void close() {
        stopped.complete(null);
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals(PREFIX + "invocation/" + requestId + "/response")) {
                outcome.complete(new RuntimeOutcome.Response(readBody(exchange)));
                exchange.sendResponseHeaders(202, -1);
            } else if (method.equals("POST") && (path.equals(PREFIX + "invocation/" + requestId + "/error")
                    || path.equals(PREFIX + "init/error"))) {
                outcome.complete(new RuntimeOutcome.FunctionError(path, readBody(exchange)));
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } finally {
            exchange.close();
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!handedOut.compareAndSet(false, true)) {
            // Closing the exchange unanswered when the emulator stops is fine: the function is being stopped too.
            stopped.join();
            return;
        }
        long deadline = System.currentTimeMillis() + budget.toMillis();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + requestId.replace("-", "")
                        .substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, event.length);
        exchange.getResponseBody().write(event);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return body.readAllBytes();
        }
    }
}
