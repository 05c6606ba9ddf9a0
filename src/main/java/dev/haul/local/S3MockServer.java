package dev.haul.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * S3Mock, a real S3 API server that validates multipart uploads and checksums, started in a JVM of its own on
 * 127.0.0.1 for the tests and the local run. Its classpath is resolved once through Maven from
 * {@code src/s3mock/pom.xml}, so its Spring Boot dependencies never meet Haul's.
 */
public final class S3MockServer implements AutoCloseable {

    private static final String READY_LINE = "Started S3MockApplication";

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
                "-Dlogging.level.root=WARN", "-Dlogging.level.com.adobe.testing.s3mock.S3MockApplication=INFO",
                "-cp", classpath, "com.adobe.testing.s3mock.S3MockApplication"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        S3MockServer server = new S3MockServer(process, port);
        try {
            awaitReady(process, log).get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while S3Mock started", e);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IOException("S3Mock did not start; see " + log, e);
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

    /** Copies the server's output to {@code log}, completing when the ready line appears or failing if it exits first. */
    private static CompletableFuture<Void> awaitReady(Process process, Path log) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = out.readLine()) != null;) {
                    file.write(line);
                    file.write('\n');
                    file.flush();
                    if (line.contains(READY_LINE)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IOException("S3Mock exited with " + process.exitValue()));
        }, "s3mock-output");
        pump.setDaemon(true);
        pump.start();
        return ready;
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
