package dev.haul.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The child JVM's main class: the part of Lambda's Java runtime that polls the Runtime API at
 * {@code AWS_LAMBDA_RUNTIME_API} and calls the handler. On Lambda's managed Java runtime AWS supplies this loop and
 * calls {@code QuarkusStreamHandler}; Quarkus runs its own loop only in a native executable, so the packaged JVM
 * artifact never polls by itself. Everything after the handler call is Haul's packaged pipeline, unchanged.
 */
public final class LocalLambdaRuntime {

    static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler";

    private static final String API = "/2018-06-01/runtime/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private long readyAt;
    private long readyCpuNanos;
    private boolean answeredOnce;

    private LocalLambdaRuntime(String runtimeApi) {
        this.base = "http://" + runtimeApi + API;
    }

    /** {@code args[0]}: the handler class, {@link #QUARKUS_HANDLER} when absent. */
    public static void main(String[] args) throws Exception {
        String runtimeApi = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (runtimeApi == null) {
            throw new IllegalStateException("AWS_LAMBDA_RUNTIME_API is not set");
        }
        LocalLambdaRuntime runtime = new LocalLambdaRuntime(runtimeApi);
        RequestStreamHandler handler;
        try {
            // Loading the handler boots Quarkus, as the managed runtime's init phase does.
            handler = (RequestStreamHandler) Class.forName(args.length > 0 ? args[0] : QUARKUS_HANDLER)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            runtime.post("init/error", e);
            throw e;
        }
        runtime.readyAt = System.currentTimeMillis();
        runtime.readyCpuNanos = processCpuNanos();
        while (true) {
            runtime.invokeNext(handler);
        }
    }

    private void invokeNext(RequestStreamHandler handler) throws IOException, InterruptedException {
        HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(base + "invocation/next")).GET()
                .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        // Lambda always sends the function ARN and the deadline; Quarkus's mock event server, which integration tests
        // poll, sends neither. A missing deadline reads as no time remaining, which Haul takes for "unknown".
        InvocationContext context = new InvocationContext(
                header(next, "Lambda-Runtime-Aws-Request-Id"),
                next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElse(null),
                header(next, "Lambda-Runtime-Trace-Id"),
                next.headers().firstValue("Lambda-Runtime-Deadline-Ms").map(Long::parseLong).orElse(0L),
                memoryLimitInMB());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(next.body()), output, context);
        } catch (Exception | Error e) {
            post("invocation/" + context.awsRequestId() + "/error", e);
            return;
        }
        if (!answeredOnce) {
            answeredOnce = true;
            // Start-up as a cold JVM function pays it: process start to the first invocation handled.
            long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.err.printf("haul-startup: process start to handler ready %d ms, to first invocation handled %d ms "
                    + "(CPU: %d ms to ready, %d ms in the invocation)%n", readyAt - jvmStart,
                    System.currentTimeMillis() - jvmStart, readyCpuNanos / 1_000_000,
                    (processCpuNanos() - readyCpuNanos) / 1_000_000);
        }
        send(base + "invocation/" + context.awsRequestId() + "/response", output.toByteArray());
    }

    /** Reports an error in the Runtime API's shape: {@code errorType} and {@code errorMessage}. */
    private void post(String path, Throwable thrown) throws IOException, InterruptedException {
        thrown.printStackTrace();
        Throwable error = thrown;
        // Reflection and static initialisers wrap what went wrong; the report names the cause, as Lambda's does.
        while ((error instanceof InvocationTargetException || error instanceof ExceptionInInitializerError)
                && error.getCause() != null) {
            error = error.getCause();
        }
        ObjectNode body = JSON.createObjectNode()
                .put("errorType", error.getClass().getName())
                .put("errorMessage", String.valueOf(error.getMessage()));
        send(base + path, JSON.writeValueAsBytes(body));
    }

    private void send(String url, byte[] body) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name)
                .orElseThrow(() -> new IllegalStateException("the Runtime API sent no " + name + " header"));
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory
                .getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getProcessCpuTime()
                        : 0;
    }

    /** Lambda sizes the heap from the function's memory; locally the heap limit is the closest equivalent. */
    private static int memoryLimitInMB() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
