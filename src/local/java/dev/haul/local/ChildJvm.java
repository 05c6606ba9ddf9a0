package dev.haul.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server that runs in a JVM of its own (S3Mock, ElasticMQ), so that its dependencies never meet Haul's. Its
 * classpath is resolved once through the Maven wrapper from a small POM of its own and cached under {@code target/}.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String name;

    private ChildJvm(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code mainClass} with the classpath of {@code pom} (relative to {@code projectDir}) and returns once
     * {@code readyUrl} answers HTTP. Output goes to {@code log}.
     */
    public static ChildJvm start(String name, Path projectDir, String pom, List<String> jvmArgs, String mainClass,
            List<String> args, URI readyUrl, Path log) throws IOException {
        String classpath = classpath(projectDir, pom, name);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        // Straight into the file, not through a pipe of this JVM's: a server left running (haul-local
        // --keep-running) must be able to write its log after this JVM has gone.
        Process process = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ChildJvm child = new ChildJvm(process, name);
        try {
            child.awaitHttp(readyUrl, Duration.ofSeconds(120));
        } catch (IOException e) {
            child.close();
            throw new IOException(e.getMessage() + "; see " + log, e);
        }
        return child;
    }

    /** The server's process id, for a run that leaves it running. */
    long pid() {
        return process.pid();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
     * Waits until the server answers HTTP. These servers print no reliable "ready" line at the log levels kept here,
     * so this probes the port, as a load balancer's health check would, and gives up if the process dies.
     */
    private void awaitHttp(URI url, Duration limit) throws IOException {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < giveUpAt) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " while starting");
            }
            try {
                probe.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IOException(name + " did not answer within " + limit.toSeconds() + "s");
    }

    /**
     * The server's classpath, resolved with Maven once and cached. Resolved into a file of this process's own and then
     * moved into place, so that two test JVMs starting at once never read a half-written cache.
     */
    private static String classpath(Path projectDir, String pom, String name) throws IOException {
        Path cache = projectDir.resolve("target/" + name + ".classpath");
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            Files.createDirectories(cache.getParent());
            long pid = ProcessHandle.current().pid();
            Path resolved = projectDir.resolve("target/" + name + ".classpath." + pid);
            Path resolveLog = projectDir.resolve("target/" + name + "-resolve." + pid + ".log");
            Process maven = new ProcessBuilder(projectDir.resolve("mvnw").toString(), "-q", "-B",
                    "-f", projectDir.resolve(pom).toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + resolved.toAbsolutePath())
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(resolveLog.toFile())
                    .start();
            try {
                if (maven.waitFor() != 0) {
                    throw new IOException("resolving " + name + "'s classpath failed; see " + resolveLog);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while resolving " + name + "'s classpath", e);
            }
            Files.move(resolved, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.readString(cache).strip();
    }
}
