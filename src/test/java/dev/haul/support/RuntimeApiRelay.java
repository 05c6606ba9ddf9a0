package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Makes Quarkus's mock event server the Runtime API that Lambda is, for the packaged artifact and AWS's runtime
 * client. The mock serves the API under {@code /_lambda_}, which {@code AWS_LAMBDA_RUNTIME_API} cannot express (a bare
 * {@code host:port}), and sends no deadline; the relay forwards each request with its path prefixed, and gives each
 * handed-out invocation what Lambda sends with it: {@code Lambda-Runtime-Deadline-Ms} (15 minutes ahead, or what a
 * test asked for with {@link #nextDeadlineIn}), the function ARN, a trace id and a Content-Type (AWS's client crashes
 * without one). At the deadline an unanswered invocation ends as on Lambda: the invoker gets a "Task timed out"
 * error, and the function's answer, if it still comes, is counted ({@link #lateAnswers}) and dropped. The mock
 * acknowledges answers with 204, which AWS's client takes for a failure and dies on; the relay answers 202, as
 * Lambda does. A waiting {@code invocation/next} holds one thread.
 */
public final class RuntimeApiRelay implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:haul-it";
    private static final Queue<Duration> NEXT_DEADLINES = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger LATE_ANSWERS = new AtomicInteger();
    private static final AtomicLong LAST_DEADLINE = new AtomicLong();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI mock;
    private final Map<String, Long> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor();

    /** {@code mockApi}: where the mock event server serves the Runtime API, {@code host:port/_lambda_}. */
    RuntimeApiRelay(String mockApi) throws IOException {
        this.mock = URI.create("http://" + mockApi);
        this.server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::relay);
        server.start();
    }

    /** The next invocation handed out gets a deadline {@code timeout} after it is handed out, as Lambda's would. */
    public static void nextDeadlineIn(Duration timeout) {
        NEXT_DEADLINES.add(timeout);
    }

    /** How many answers arrived after their invocation's deadline since the JVM started. */
    public static int lateAnswers() {
        return LATE_ANSWERS.get();
    }

    /** The deadline (epoch milliseconds) of the invocation handed out last. */
    public static long lastDeadline() {
        return LAST_DEADLINE.get();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    String hostPort() {
        return LOOPBACK + ":" + server.getAddress().getPort();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().toString();
            if (isLate(exchange.getRequestMethod(), path)) {
                // Counted and dropped; acknowledged, so that AWS's client lives on for the tests that follow (on
                // Lambda the environment would have been ended instead).
                LATE_ANSWERS.incrementAndGet();
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock + path))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Headers headers = exchange.getResponseHeaders();
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                if (header.getKey().regionMatches(true, 0, "Lambda-Runtime-", 0, 15)
                        || header.getKey().equalsIgnoreCase("Content-Type")) {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            if (path.endsWith("/invocation/next") && answer.statusCode() == 200) {
                asLambdaSendsIt(headers);
            }
            byte[] bytes = answer.body();
            boolean accepted = exchange.getRequestMethod().equals("POST") && answer.statusCode() / 100 == 2;
            exchange.sendResponseHeaders(accepted ? 202 : answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void asLambdaSendsIt(Headers headers) {
        String requestId = headers.getFirst("Lambda-Runtime-Aws-Request-Id");
        Duration timeout = Optional.ofNullable(NEXT_DEADLINES.poll()).orElse(DEFAULT_TIMEOUT);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        if (requestId != null) {
            deadlines.put(requestId, deadline);
            timeouts.schedule(() -> timeOut(requestId, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        LAST_DEADLINE.set(deadline);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        if (!headers.containsKey("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        if (!headers.containsKey("Lambda-Runtime-Invoked-Function-Arn")) {
            headers.set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        }
        if (!headers.containsKey("Lambda-Runtime-Trace-Id")) {
            headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(deadline / 1000)
                    + "-000000000000000000000000;Sampled=0");
        }
    }

    /**
     * Whether this is {@code POST .../invocation/{id}/response} (or error) for an invocation that already timed out:
     * one Lambda never takes. An answer in time takes its invocation off the clock.
     */
    private boolean isLate(String method, String path) {
        if (!method.equals("POST")) {
            return false;
        }
        String[] segments = path.split("/");
        for (int i = 0; i + 2 < segments.length; i++) {
            if (segments[i].equals("invocation")) {
                return deadlines.remove(segments[i + 1]) == null;
            }
        }
        return false;
    }

    /** The invocation's deadline passed unanswered: its invoker gets Lambda's timeout error. */
    private void timeOut(String requestId, Duration timeout) {
        if (deadlines.remove(requestId) == null) {
            return;
        }
        String error = "{\"errorMessage\":\"Task timed out after " + timeout.toMillis() / 1000.0
                + " seconds\",\"errorType\":\"Sandbox.Timedout\"}";
        try {
            http.send(HttpRequest.newBuilder(URI.create(mock + "/2018-06-01/runtime/invocation/" + requestId
                    + "/error")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(error)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The test waiting for this invocation then times out on its own.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        timeouts.shutdownNow();
    }
}
