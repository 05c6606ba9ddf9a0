package dev.haul.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * S3Mock, a real S3 API server that validates multipart uploads and checksums, started in a JVM of its own on
 * 127.0.0.1 for the tests and the local run. Its classpath is resolved once through Maven from
 * {@code src/s3mock/pom.xml}, so its Spring Boot dependencies never meet Haul's.
 */
public final class S3MockServer implements AutoCloseable {


    private final Process process;
    private final int port;

    private S3MockServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts S3Mock and returns once it accepts requests. {@code storeRoot} holds the objects (kept after exit when
     * {@code retainFiles}); {@code buckets} exist from the start; {@code log} receives the server's output.
     */
    public static S3MockServer start(Path projectDir, Path storeRoot, List<String> buckets, boolean retainFiles,
            Path log) throws IOException {
        String classpath = classpath(projectDir);
        int port = freePort();
        Files.createDirectories(storeRoot);
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-XX:+UseParallelGC",
                "-Dserver.ssl.enabled=false", "-Dserver.port=" + port, "-Dserver.address=127.0.0.1", "-Dhttp.port=0",
                "-Dcom.adobe.testing.s3mock.store.root=" + storeRoot.toAbsolutePath(),
                "-Dcom.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                "-Dcom.adobe.testing.s3mock.store.retainFilesOnExit=" + retainFiles,
                "-Dlogging.level.root=WARN", "-Dspring.main.banner-mode=off",
                "-cp", classpath, "com.adobe.testing.s3mock.S3MockApplication"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        S3MockServer server = new S3MockServer(process, port);
        copyOutput(process, log);
        try {
            server.awaitReady(Duration.ofSeconds(120));
        } catch (IOException e) {
            server.close();
            throw new IOException(e.getMessage() + "; see " + log, e);
        }
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until S3Mock answers HTTP. Spring Boot prints no reliable "ready" line at the log levels kept here, so
     * this probes the port, as a load balancer's health check would, and gives up if the process dies.
     */
    private void awaitReady(Duration limit) throws IOException {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < giveUpAt) {
            if (!process.isAlive()) {
                throw new IOException("S3Mock exited with " + process.exitValue() + " while starting");
            }
            try {
                if (probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for S3Mock", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IOException("S3Mock did not answer within " + limit.toSeconds() + "s");
    }

    /** Copies the server's output to {@code log} for as long as it runs, so its pipe never fills up. */
    private static void copyOutput(Process process, Path log) {
        Thread pump = new Thread(() -> {
            try (InputStream out = process.getInputStream(); OutputStream file = Files.newOutputStream(log)) {
                out.transferTo(file);
            } catch (IOException e) {
                // The process ended or the log is unwritable; either way there is nothing left to copy.
            }
        }, "s3mock-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** The S3Mock classpath, resolved through the Maven wrapper on first use and cached under {@code target/}. */
    static String classpath(Path projectDir) throws IOException {
        Path cache = projectDir.resolve("target/s3mock.classpath");
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            Files.createDirectories(cache.getParent());
            Process maven = new ProcessBuilder(projectDir.resolve("mvnw").toString(), "-q", "-B",
                    "-f", projectDir.resolve("src/s3mock/pom.xml").toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + cache.toAbsolutePath())
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(projectDir.resolve("target/s3mock-resolve.log").toFile())
                    .start();
            try {
                if (maven.waitFor() != 0) {
                    throw new IOException("resolving S3Mock's classpath failed; see target/s3mock-resolve.log");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while resolving S3Mock's classpath", e);
            }
        }
        return Files.readString(cache).strip();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
