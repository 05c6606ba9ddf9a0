package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.support.Bodies;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.S3Inspector;
import dev.haul.support.TestServers;

/**
 * {@code haul-local --queue --workers 3} end to end, with real parts only: S3Mock, ElasticMQ with its dead-letter
 * queue, three JVMs of the packaged artifact under AWS's runtime client, and a poller each acting as Lambda's event
 * source mapping. A direct invocation of 300 URLs is spread over the queue (25 items a part here, so twelve
 * messages, one per invocation) and the workers drain it: every object is stored once and byte for byte, and nothing
 * is left on the queue or in the dead-letter queue.
 */
class QueueTopologyIT {

    private static final String BUCKET = "haul-queue-it";
    private static final int URLS = 300;
    private static final int PART_ITEMS = 25;
    private static final Path WORK = Path.of("target", "queue-topology-it");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FaultyOrigin origin;
    private static S3MockServer s3;
    private static S3AsyncClient s3Client;

    @BeforeAll
    static void startOriginAndS3() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        origin = new FaultyOrigin();
        s3 = S3MockServer.start(project, project.resolve(WORK).resolve("s3"), List.of(BUCKET), false,
                project.resolve(WORK).resolve("s3mock.log"));
        s3Client = TestServers.s3ClientTo(s3.endpoint()).build();
    }

    @AfterAll
    static void stopOriginAndS3() throws Exception {
        s3Client.close();
        s3.close();
        origin.close();
    }

    @Test
    void threeWorkers_drainABatchSpreadOverTheQueue_storingEveryObjectOnceAndByteExact() throws Exception {
        List<String> urls = IntStream.range(0, URLS).mapToObj(i -> origin.url(path(i))).toList();

        try (QueueTopology topology = QueueTopology.start(Path.of("").toAbsolutePath(), options(3))) {
            RuntimeOutcome outcome = topology.submit(BatchEvent.of(JSON, urls, null));

            assertThat(outcome).isInstanceOf(RuntimeOutcome.Response.class);
            JsonNode answer = JSON.readTree(((RuntimeOutcome.Response) outcome).body());
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("queued");
            assertThat(answer.path("messages").asInt()).isEqualTo(URLS / PART_ITEMS);
            assertThat(topology.awaitDrained(Duration.ofMinutes(5))).as("drained").isTrue();
            QueueStatus status = topology.status();
            assertThat(status.drained()).isTrue();
            assertThat(status.deadLettered()).isZero();
            assertThat(topology.dlqMessages()).isEmpty();
            assertThat(status.invocations()).as("the submission and at least one invocation per message")
                    .isGreaterThanOrEqualTo(1 + URLS / PART_ITEMS);
            assertStoredOnceAndByteExact(answer.path("batchId").asText(), urls);
        }
    }

    private void assertStoredOnceAndByteExact(String batchId, List<String> urls) throws IOException {
        S3Inspector bucket = new S3Inspector(s3Client, BUCKET);
        Map<String, String> keyByUrl = new HashMap<>();
        List<String> parts = bucket.keys("manifests/" + batchId + "/");
        assertThat(parts).hasSize(URLS / PART_ITEMS);
        for (String part : parts) {
            for (JsonNode item : JSON.readTree(bucket.text(part)).path("items")) {
                assertThat(item.path("status").asText()).as(item.toString()).isEqualTo("stored");
                assertThat(keyByUrl.put(item.path("url").asText(), item.path("key").asText()))
                        .as("reported once: " + item.path("url").asText()).isNull();
            }
        }
        assertThat(keyByUrl.keySet()).containsExactlyInAnyOrderElementsOf(urls);
        assertThat(bucket.keys("fetched/")).containsExactlyInAnyOrderElementsOf(keyByUrl.values());
        for (int i = 0; i < URLS; i++) {
            assertThat(origin.requests(path(i))).as("fetched once: " + path(i)).isEqualTo(1);
            assertThat(bucket.sha256(keyByUrl.get(urls.get(i)))).as(urls.get(i))
                    .isEqualTo(Bodies.sha256(name(i), size(i)));
        }
    }

    private static QueueTopology.Options options(int workers) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HAUL_BATCH_IN_PLACE_MAX_ITEMS", Integer.toString(PART_ITEMS));
        env.put("JAVA_OPTS", "-Xmx384m");
        S3Target target = new S3Target(URI.create(s3.endpoint().toString()), BUCKET, "us-east-1", "test",
                "test-secret");
        return new QueueTopology.Options(target, workers, 1,
                new EmbeddedQueue.Settings(3, Duration.ofMinutes(3)), Duration.ofMinutes(3), env,
                Path.of("").toAbsolutePath().resolve(WORK), notice -> System.err.println("topology: " + notice));
    }

    private static String path(int i) {
        return "/ok/" + name(i) + "/" + size(i);
    }

    private static String name(int i) {
        return "queued-" + i;
    }

    private static int size(int i) {
        return 1000 + 37 * i;
    }
}
