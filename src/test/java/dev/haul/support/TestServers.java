package dev.haul.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.local.S3MockServer;

/**
 * Starts the real servers the tests talk to, once for the whole suite: S3Mock and ElasticMQ in JVMs of their own and
 * the {@link TestOrigin}, all on 127.0.0.1 with free ports, and points Haul's S3 and SQS clients at them.
 */
public class TestServers implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "haul-test";
    private static S3MockServer s3;
    private static ElasticMqServer sqs;
    private static S3FaultProxy s3Proxy;
    private static TestOrigin origin;
    private static FaultyOrigin faultyOrigin;
    private static S3AsyncClient s3Client;

    public static TestOrigin origin() {
        return origin;
    }

    /** The origin that breaks HTTP on purpose. */
    public static FaultyOrigin faultyOrigin() {
        return faultyOrigin;
    }

    /** Sits between Haul and S3Mock; passes everything through until a test injects a fault. */
    public static S3FaultProxy s3Proxy() {
        return s3Proxy;
    }

    /**
     * The tests' client for the test bucket, pointed where Haul's is (the fault proxy). Tests build their own because
     * a {@code @QuarkusIntegrationTest} runs Haul in another process, with no bean to inject.
     */
    public static synchronized S3AsyncClient s3Client() {
        if (s3Client == null) {
            s3Client = S3AsyncClient.builder().endpointOverride(s3Proxy.endpoint()).forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                    .build();
        }
        return s3Client;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path project = Path.of("").toAbsolutePath();
            s3 = S3MockServer.start(project, project.resolve("target/s3mock-store"), List.of(BUCKET), false,
                    project.resolve("target/s3mock.log"));
            sqs = ElasticMqServer.start(project);
            s3Proxy = new S3FaultProxy(s3.endpoint());
            origin = new TestOrigin();
            faultyOrigin = new FaultyOrigin();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test servers", e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.sqs.endpoint-override", sqs.endpoint().toString()),
                Map.entry("quarkus.sqs.aws.region", "us-east-1"),
                Map.entry("quarkus.sqs.aws.credentials.type", "static"),
                Map.entry("quarkus.sqs.aws.credentials.static-provider.access-key-id", "test"),
                Map.entry("quarkus.sqs.aws.credentials.static-provider.secret-access-key", "test-secret"),
                Map.entry("haul.queue.url", sqs.queueUrl()),
                Map.entry("quarkus.s3.endpoint-override", s3Proxy.endpoint().toString()),
                Map.entry("quarkus.s3.path-style-access", "true"),
                Map.entry("quarkus.s3.aws.region", "us-east-1"),
                Map.entry("quarkus.s3.aws.credentials.type", "static"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.access-key-id", "test"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.secret-access-key", "test-secret"),
                Map.entry("haul.store.bucket", BUCKET));
    }

    @Override
    public void stop() {
        synchronized (TestServers.class) {
            if (s3Client != null) {
                s3Client.close();
                s3Client = null;
            }
        }
        try {
            if (origin != null) {
                origin.close();
            }
            if (faultyOrigin != null) {
                faultyOrigin.close();
            }
            if (s3Proxy != null) {
                s3Proxy.close();
            }
        } catch (Exception e) {
            // The JVM is ending; a failed close has nothing left to affect.
        }
        if (sqs != null) {
            sqs.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
