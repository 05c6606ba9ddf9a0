package dev.haul.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * S3Mock, a real S3 API server that validates multipart uploads and checksums, started in a JVM of its own on
 * 127.0.0.1 for the tests and the local run (classpath from {@code src/s3mock/pom.xml}).
 */
public final class S3MockServer implements AutoCloseable {

    private final ChildJvm jvm;
    private final int port;

    private S3MockServer(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts S3Mock and returns once it accepts requests. {@code storeRoot} holds the objects (kept after exit when
     * {@code retainFiles}); {@code buckets} exist from the start; {@code log} receives the server's output.
     */
    public static S3MockServer start(Path projectDir, Path storeRoot, List<String> buckets, boolean retainFiles,
            Path log) throws IOException {
        int port = ChildJvm.freePort();
        Files.createDirectories(storeRoot);
        List<String> jvmArgs = List.of("-Xmx1g", "-XX:+UseParallelGC",
                "-Dserver.ssl.enabled=false", "-Dserver.port=" + port, "-Dserver.address=127.0.0.1", "-Dhttp.port=0",
                "-Dcom.adobe.testing.s3mock.store.root=" + storeRoot.toAbsolutePath(),
                "-Dcom.adobe.testing.s3mock.store.initialBuckets=" + String.join(",", buckets),
                "-Dcom.adobe.testing.s3mock.store.retainFilesOnExit=" + retainFiles,
                "-Dlogging.level.root=WARN", "-Dspring.main.banner-mode=off");
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        ChildJvm jvm = ChildJvm.start("s3mock", projectDir, "src/s3mock/pom.xml", jvmArgs,
                "com.adobe.testing.s3mock.S3MockApplication", List.of(), endpoint, log);
        return new S3MockServer(jvm, port);
    }

    long pid() {
        return jvm.pid();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
