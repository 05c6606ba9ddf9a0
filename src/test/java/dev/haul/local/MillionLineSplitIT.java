package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import dev.haul.support.S3Inspector;
import dev.haul.support.TestServers;

/**
 * A list of 1 000 000 URLs, split over the queue by Haul's packaged artifact running with a heap of
 * {@value #HEAP} (the bound: a heap that grew with the list would fail here), while this test reads the queue as the
 * workers would: every line is in exactly one part, the parts are numbered 1 to n once each, and the batch's index
 * waits for n parts. Nothing is fetched. The time the split took is in the function's log (README, Bulk).
 */
class MillionLineSplitIT {

    private static final String HEAP = "-Xmx128m";
    private static final String BUCKET = "haul-million-it";
    private static final int LINES = 1_000_000;
    private static final Path WORK = Path.of("target", "million-it").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMillionLineList_isSplitIntoParts_holdingEveryLineOnce_withinAFixedHeap() throws Exception {
        Path project = Path.of("").toAbsolutePath();
        BulkIT.deleteTree(WORK.resolve("s3"));
        // Written to a file and uploaded from it: this JVM's heap is small too, and shared with the other ITs.
        Path list = WORK.resolve("million.txt");
        Files.createDirectories(WORK);
        try (BufferedWriter out = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            for (int i = 0; i < LINES; i++) {
                out.write("https://data.example.org/files/part-" + i + ".csv\n");
            }
        }
        try (S3MockServer s3 = S3MockServer.start(project, WORK.resolve("s3"), List.of(BUCKET), false,
                WORK.resolve("s3mock.log"));
                S3AsyncClient s3Client = TestServers.s3ClientTo(s3.endpoint()).build()) {
            S3Inspector bucket = new S3Inspector(s3Client, BUCKET);
            s3Client.putObject(r -> r.bucket(BUCKET).key("lists/million.txt"), AsyncRequestBody.fromFile(list)).join();
            S3Target target = new S3Target(URI.create(s3.endpoint().toString()), BUCKET, "us-east-1", "test",
                    "test-secret");
            Map<String, String> env = Map.of("JAVA_OPTS", HEAP + " -XX:+UseSerialGC");
            try (QueueTopology topology = QueueTopology.start(project, new QueueTopology.Options(target, 0, 1,
                    new EmbeddedQueue.Settings(3, Duration.ofMinutes(5)), Duration.ofMinutes(5), env, WORK,
                    notice -> System.err.println("topology: " + notice)));
                    SqsClient sqs = client(topology.queueEndpoint())) {
                BitSet lines = new BitSet(LINES);
                BitSet parts = new BitSet();
                AtomicLong items = new AtomicLong();
                AtomicBoolean submitted = new AtomicBoolean();
                CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readQueue(sqs,
                        topology.queueUrl(), lines, parts, items, submitted));

                RuntimeOutcome outcome = topology.submit(("{\"batchId\": \"million\", \"manifestUrl\": \"s3://"
                        + BUCKET + "/lists/million.txt\"}").getBytes(StandardCharsets.UTF_8));
                submitted.set(true);
                reading.join();

                assertThat(outcome).as("the function answered within its heap").isInstanceOf(
                        RuntimeOutcome.Response.class);
                JsonNode answer = JSON.readTree(((RuntimeOutcome.Response) outcome).body());
                assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("queued");
                assertThat(answer.path("items").asInt()).isEqualTo(LINES);
                int count = answer.path("messages").asInt();
                assertThat(count).as("parts of 200").isEqualTo(LINES / 200);
                assertThat(items.get()).as("items in the parts").isEqualTo(LINES);
                assertThat(lines.cardinality()).as("distinct lines in the parts").isEqualTo(LINES);
                assertThat(parts.cardinality()).isEqualTo(count);
                assertThat(parts.nextSetBit(0)).isEqualTo(1);
                assertThat(parts.length() - 1).isEqualTo(count);
                JsonNode index = JSON.readTree(bucket.text("manifests/million/batch.json"));
                assertThat(index.path("parts").asInt()).isEqualTo(count);
                String log = Files.readString(WORK.resolve("api.log"));
                assertThat(log).as("no heap trouble").doesNotContain("OutOfMemoryError");
                log.lines().filter(line -> line.contains("split into")).forEach(System.err::println);
            }
        }
    }

    /** Receives and deletes until the submission has returned and the queue is empty, noting what each part holds. */
    private static void readQueue(SqsClient sqs, String queueUrl, BitSet lines, BitSet parts, AtomicLong items,
            AtomicBoolean submitted) {
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                if (submitted.get()) {
                    return;
                }
                continue;
            }
            for (Message message : messages) {
                try {
                    JsonNode part = JSON.readTree(message.body());
                    parts.set(part.path("part").path("index").asInt());
                    for (JsonNode item : part.path("items")) {
                        String url = item.path("url").asText();
                        lines.set(Integer.parseInt(url.substring(url.lastIndexOf('-') + 1, url.length() - 4)));
                        items.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(messages.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m
                            .receiptHandle()).build())
                    .toList()));
        }
    }

    private static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(EmbeddedQueue.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
