package dev.haul.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API as a function sees it, on 127.0.0.1 with a free port: {@code invocation/next} hands out the
 * queued invocations one at a time, each with the headers Lambda sends (request id, deadline, function ARN, trace id,
 * and a Content-Type, without which AWS's runtime client crashes), and waits while none is queued, as Lambda does
 * between invocations of a warm function. Responses, invocation errors and init errors complete the invocation's
 * {@link RuntimeOutcome}; an invocation still unanswered at its deadline is {@link RuntimeOutcome.TimedOut}, as on
 * Lambda.
 */
final class RuntimeApiEmulator implements AutoCloseable {

    static final Duration DEFAULT_BUDGET = Duration.ofMinutes(15);
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:haul-local";

    private static final String PREFIX = "/2018-06-01/runtime/";

    private record Invocation(String requestId, byte[] event, Duration budget, Runnable atHandOut,
            CompletableFuture<RuntimeOutcome> outcome) {}

    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> handedOut = new ConcurrentHashMap<>();
    private final CompletableFuture<byte[]> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final ExecutorService threads;
    private final HttpServer server;
    private volatile boolean stopped;

    private RuntimeApiEmulator() throws IOException {
        // One thread per exchange: a waiting poll must never hold up the response that ends an invocation.
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
    }

    static RuntimeApiEmulator start() throws IOException {
        RuntimeApiEmulator emulator = new RuntimeApiEmulator();
        emulator.server.start();
        return emulator;
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues an invocation of {@code event} with {@code budget} as its timeout; its clock starts when the function
     * takes it, as Lambda's does (initialisation has a budget of its own).
     */
    CompletableFuture<RuntimeOutcome> invoke(byte[] event, Duration budget) {
        return invoke(event, budget, () -> {});
    }

    /** As {@link #invoke(byte[], Duration)}, running {@code atHandOut} just before the function is given the event. */
    CompletableFuture<RuntimeOutcome> invoke(byte[] event, Duration budget, Runnable atHandOut) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.clone(), budget, atHandOut,
                new CompletableFuture<>());
        initError.thenAccept(body -> invocation.outcome().complete(new RuntimeOutcome.FunctionError(PREFIX
                + "init/error", body)));
        queued.add(invocation);
        return invocation.outcome();
    }

    /**
     * Completes with {@link System#nanoTime()} at the function's first {@code invocation/next}: the moment its runtime
     * is initialised and ready for work, which Lambda bills as the init phase.
     */
    CompletableFuture<Long> ready() {
        return firstPoll;
    }

    @Override
    public void close() {
        stopped = true;
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                initError.complete(readBody(exchange));
                exchange.sendResponseHeaders(202, -1);
            } else if (method.equals("POST") && path.startsWith(PREFIX + "invocation/")) {
                answer(exchange, path.substring((PREFIX + "invocation/").length()));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } finally {
            exchange.close();
        }
    }

    /** {@code {id}/response} or {@code {id}/error}; an unknown id is a 400, as Lambda answers it. */
    private void answer(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        Invocation invocation = slash < 0 ? null : handedOut.remove(rest.substring(0, slash));
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        if (invocation == null || !(kind.equals("response") || kind.equals("error"))) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        byte[] body = readBody(exchange);
        invocation.outcome().complete(kind.equals("response")
                ? new RuntimeOutcome.Response(body)
                : new RuntimeOutcome.FunctionError(exchange.getRequestURI().getPath(), body));
        exchange.sendResponseHeaders(202, -1);
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !stopped) {
                invocation = queued.poll(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            // Stopping: the exchange closes unanswered, and the function is being stopped too.
            return;
        }
        long deadline = System.currentTimeMillis() + invocation.budget().toMillis();
        handedOut.put(invocation.requestId(), invocation);
        Invocation timed = invocation;
        timed.outcome().completeOnTimeout(new RuntimeOutcome.TimedOut(timed.budget()), timed.budget().toMillis(),
                TimeUnit.MILLISECONDS).thenRun(() -> handedOut.remove(timed.requestId()));
        String id = invocation.requestId();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", id);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System
                .currentTimeMillis() / 1000) + "-" + id.replace("-", "").substring(0, 24) + ";Sampled=0");
        invocation.atHandOut().run();
        exchange.sendResponseHeaders(200, invocation.event().length);
        exchange.getResponseBody().write(invocation.event());
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return body.readAllBytes();
        }
    }
}
