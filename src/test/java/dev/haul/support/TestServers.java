package dev.haul.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

import dev.haul.local.EmbeddedQueue;
import dev.haul.local.LocalEventBus;
import dev.haul.local.S3MockServer;

/**
 * The real servers the tests talk to: S3Mock and ElasticMQ in JVMs of their own, the scripted origin and the S3 fault
 * proxy, all on 127.0.0.1 with free ports. They are started once per test JVM, on first use (by Quarkus for an
 * application under test, or by a plain test), and stopped when that JVM exits: every test profile restarts the
 * application, and starting two server JVMs again for each would cost seconds a time and prove nothing more.
 */
public class TestServers implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "haul-test";

    /** A minute of visibility, so that a message a test received stays with that test until it is deleted or purged. */
    private static final EmbeddedQueue.Settings QUEUE_SETTINGS = new EmbeddedQueue.Settings(3, Duration.ofSeconds(60));

    private static Servers servers;

    /** Everything started, in the order it is stopped in. */
    private record Servers(S3MockServer s3, EmbeddedQueue sqs, S3FaultProxy s3Proxy, FaultyOrigin origin,
            LocalEventBus events, S3AsyncClient s3Client, S3AsyncClient s3Direct) {

        static Servers start() throws Exception {
            Path project = Path.of("").toAbsolutePath();
            // ElasticMQ starts while S3Mock does: two JVMs booting at once on two cores.
            CompletableFuture<EmbeddedQueue> sqsStarting = CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedQueue.start(project, project.resolve("target"), QUEUE_SETTINGS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            S3MockServer s3;
            try {
                s3 = S3MockServer.start(project, project.resolve("target/s3mock-store"), List.of(BUCKET), false,
                        project.resolve("target/s3mock.log"));
            } catch (IOException | RuntimeException e) {
                sqsStarting.thenAccept(EmbeddedQueue::close);
                throw e;
            }
            EmbeddedQueue sqs;
            try {
                sqs = sqsStarting.join();
            } catch (RuntimeException e) {
                // A server JVM that started must not outlive a suite that could not use it.
                s3.close();
                throw e;
            }
            S3FaultProxy proxy = new S3FaultProxy(s3.endpoint());
            return new Servers(s3, sqs, proxy, new FaultyOrigin(), LocalEventBus.start(),
                    s3ClientTo(proxy.endpoint()).build(),
                    s3ClientTo(s3.endpoint()).build());
        }

        void stop() {
            s3Client.close();
            s3Direct.close();
            for (AutoCloseable server : List.<AutoCloseable>of(events, origin, s3Proxy, sqs, s3)) {
                try {
                    server.close();
                } catch (Exception e) {
                    // The JVM is ending; a failed close has nothing left to affect.
                }
            }
        }
    }

    private static synchronized Servers servers() {
        if (servers == null) {
            try {
                servers = Servers.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test servers", e);
            }
            Servers started = servers;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-servers-stop"));
        }
        return servers;
    }

    /** The scripted origin, healthy or breaking HTTP on purpose, route by route. */
    public static FaultyOrigin origin() {
        return servers().origin();
    }

    /** Sits between Haul and S3Mock; passes everything through until a test injects a fault. */
    /** The stand-in for EventBridge that receives Haul's completion events. */
    public static LocalEventBus eventBus() {
        return servers().events();
    }

    public static S3FaultProxy s3Proxy() {
        return servers().s3Proxy();
    }

    /** S3Mock itself, for a test that puts a proxy of its own in front of it. */
    public static URI s3MockEndpoint() {
        return servers().s3().endpoint();
    }

    /**
     * The tests' client for the test bucket, pointed where Haul's is (the fault proxy). Tests use their own because a
     * {@code @QuarkusIntegrationTest} runs Haul in another process, with no bean to inject.
     */
    public static S3AsyncClient s3Client() {
        return servers().s3Client();
    }

    /** The test bucket straight on S3Mock, past the fault proxy: a writer other than Haul. */
    public static S3Inspector s3Direct() {
        return new S3Inspector(servers().s3Direct(), BUCKET);
    }

    /** A client builder for {@code endpoint} configured as Haul's is in the tests: path style, the test credentials. */
    public static S3AsyncClientBuilder s3ClientTo(URI endpoint) {
        return S3AsyncClient.builder().endpointOverride(endpoint).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test",
                        "test-secret")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder());
    }

    @Override
    public Map<String, String> start() {
        Servers running = servers();
        return Map.ofEntries(
                Map.entry("quarkus.sqs.endpoint-override", running.sqs().endpoint().toString()),
                Map.entry("quarkus.sqs.aws.region", "us-east-1"),
                Map.entry("quarkus.sqs.aws.credentials.type", "static"),
                Map.entry("quarkus.sqs.aws.credentials.static-provider.access-key-id", "test"),
                Map.entry("quarkus.sqs.aws.credentials.static-provider.secret-access-key", "test-secret"),
                Map.entry("haul.queue.url", running.sqs().queueUrl()),
                Map.entry("quarkus.s3.endpoint-override", running.s3Proxy().endpoint().toString()),
                Map.entry("quarkus.s3.path-style-access", "true"),
                Map.entry("quarkus.s3.aws.region", "us-east-1"),
                Map.entry("quarkus.s3.aws.credentials.type", "static"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.access-key-id", "test"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.secret-access-key", "test-secret"),
                Map.entry("haul.events.enabled", "true"),
                Map.entry("haul.events.endpoint-override", running.events().endpoint().toString()),
                Map.entry("haul.store.bucket", BUCKET));
    }

    @Override
    public void stop() {
        // The servers outlive one application under test; they stop with the JVM.
    }
}
