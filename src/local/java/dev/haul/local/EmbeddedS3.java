package dev.haul.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded S3 that a {@code --keep-running} run left running in the background, recorded in
 * {@code .haul/s3.properties} (its endpoint and process id) so that later runs use it instead of starting S3Mock
 * again, which is most of a short run's time. A record whose process is gone, or that no longer answers, is removed.
 */
final class EmbeddedS3 {

    static final Path STATE = Path.of(".haul", "s3.properties");

    private final Path state;

    EmbeddedS3(Path projectDir) {
        this.state = projectDir.resolve(STATE);
    }

    /** The endpoint of the S3Mock a previous run left running, if it still answers. */
    Optional<URI> running() throws IOException {
        Optional<Recorded> recorded = read();
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        if (recorded.get().process().isPresent() && answers(recorded.get().endpoint())) {
            return Optional.of(recorded.get().endpoint());
        }
        Files.deleteIfExists(state);
        return Optional.empty();
    }

    /** Records a server that is to outlive this run. */
    void record(URI endpoint, long pid) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("endpoint", endpoint.toString());
        properties.setProperty("pid", Long.toString(pid));
        Files.createDirectories(state.getParent());
        try (Writer out = Files.newBufferedWriter(state, StandardCharsets.UTF_8)) {
            properties.store(out,
                    "the embedded S3 left running by haul-local --keep-running; stop: haul-local --stop-s3");
        }
    }

    /** Stops the recorded server, if it is the S3Mock this tool started; says whether there was one. */
    boolean stop() throws IOException {
        Optional<Recorded> recorded = read();
        Files.deleteIfExists(state);
        if (recorded.isEmpty() || recorded.get().process().isEmpty()) {
            return false;
        }
        ProcessHandle process = recorded.get().process().get();
        process.destroy();
        process.onExit().join();
        return true;
    }

    /** Makes sure {@code bucket} exists on {@code endpoint}; S3Mock takes an unsigned CreateBucket. */
    static void ensureBucket(URI endpoint, String bucket) throws IOException {
        HttpRequest create = HttpRequest.newBuilder(endpoint.resolve("/" + bucket)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpClient.newHttpClient().send(create, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating bucket " + bucket, e);
        }
    }

    private record Recorded(URI endpoint, long pid) {

        /**
         * The recorded process, while it is alive and still the S3Mock started for this endpoint (a reused pid is
         * someone else's). Its port setting comes first on its command line, which the OS may show cut short.
         */
        Optional<ProcessHandle> process() {
            String portSetting = "-Dserver.port=" + endpoint.getPort() + " ";
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().map(line -> line.contains(portSetting))
                            .orElse(false));
        }
    }

    private Optional<Recorded> read() throws IOException {
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        try {
            return Optional.of(new Recorded(URI.create(properties.getProperty("endpoint")),
                    Long.parseLong(properties.getProperty("pid"))));
        } catch (RuntimeException unreadable) {
            Files.deleteIfExists(state);
            return Optional.empty();
        }
    }

    private static boolean answers(URI endpoint) {
        HttpRequest probe = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build().send(probe,
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
