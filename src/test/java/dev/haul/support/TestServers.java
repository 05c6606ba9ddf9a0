package dev.haul.support;

import dev.haul.local.S3MockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts the real servers the tests talk to, once for the whole suite: S3Mock in its own JVM and the
 * {@link TestOrigin}, both on 127.0.0.1 with free ports, and points Haul's S3 client at S3Mock.
 */
public class TestServers implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "haul-test";
    private static S3MockServer s3;
    private static TestOrigin origin;

    public static TestOrigin origin() {
        return origin;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path project = Path.of("").toAbsolutePath();
            s3 = S3MockServer.start(project, project.resolve("target/s3mock-store"), List.of(BUCKET), false,
                    project.resolve("target/s3mock.log"));
            origin = new TestOrigin();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test servers", e);
        }
        return Map.of(
                "quarkus.s3.endpoint-override", s3.endpoint().toString(),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.aws.region", "us-east-1",
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", "test",
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", "test-secret",
                "haul.store.bucket", BUCKET);
    }

    @Override
    public void stop() {
        try {
            if (origin != null) {
                origin.close();
            }
        } catch (Exception e) {
            // The JVM is ending; a failed close has nothing left to affect.
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
