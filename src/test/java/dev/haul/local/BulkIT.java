package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.haul.support.Bodies;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.S3Inspector;
import dev.haul.support.TestServers;

/**
 * Bulk as a stack runs it, each scenario on a stack of its own, with real parts only: S3Mock, ElasticMQ with its
 * dead-letter queue, an API function and
 * three worker functions (JVMs of the packaged artifact under AWS's runtime client, each with a poller acting as
 * Lambda's SQS event source mapping), and {@link LocalEventBus} standing in for EventBridge. Lists of 20 000 URLs,
 * from the schedule and from {@code POST /batches}, are split over the queue and drained; one worker is killed with
 * SIGKILL on the way; a part that keeps failing is dead-lettered, and its batch still finishes and can be repaired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkIT {

    private static final String BUCKET = "haul-bulk-it";
    /**
     * URLs per list: 2 000 by default, 20 000 with {@code -Dhaul.bulk.urls=20000}. S3Mock keeps a bucket's keys in one
     * metadata file that it reads and rewrites on every PUT, so a write costs time in proportion to the objects
     * already in the bucket: 20 000 objects take S3Mock about a quarter of an hour on two cores, too long for every
     * build. Everything else (the split, the parts, the workers, the kill, the dead-letter queue) is the same.
     */
    private static final int URLS = Integer.getInteger("haul.bulk.urls", 2_000);
    private static final String NIGHTLY = "s3://" + BUCKET + "/lists/nightly.txt";
    private static final Path WORK = Path.of("target", "bulk-it").toAbsolutePath();
    /** Longer than a part takes, as the template's is (six times the worker timeout); S3Mock slows at 20 000. */
    private static final Duration VISIBILITY = Duration.ofSeconds(URLS > 5_000 ? 120 : 20);
    /** How long a list may take to drain: S3Mock stores about 20 objects a second late in a 20 000-object run. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(5 + URLS / 500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FaultyOrigin origin;
    private S3MockServer s3;
    private S3AsyncClient s3Client;
    private S3Inspector bucket;
    private QueueTopology topology;
    private Path work;

    @BeforeAll
    static void startTheOrigin() throws Exception {
        origin = new FaultyOrigin();
    }

    @AfterAll
    static void stopTheOrigin() throws Exception {
        origin.close();
    }

    /**
     * Each scenario gets a stack of its own, down to an empty bucket: in S3Mock a write costs more the more objects
     * the bucket holds, and one scenario's objects must not slow the next.
     */
    @BeforeEach
    void startTheStack(TestInfo test) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        work = WORK.resolve(test.getTestMethod().orElseThrow().getName());
        // A store left by an earlier run would start the bucket with its objects in it.
        deleteTree(work);
        s3 = S3MockServer.start(project, work.resolve("s3"), List.of(BUCKET), false, work.resolve("s3mock.log"));
        s3Client = TestServers.s3ClientTo(s3.endpoint()).build();
        bucket = new S3Inspector(s3Client, BUCKET);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
        env.put("HAUL_SCHEDULE_MANIFEST_URL", NIGHTLY);
        // A failing item is retried once per delivery, quickly: the dead-letter case below counts on it.
        env.put("HAUL_FETCH_MAX_ATTEMPTS", "2");
        env.put("HAUL_FETCH_RETRY_BASE_DELAY", "20ms");
        env.put("HAUL_BATCH_PROGRESS_INTERVAL", "0s");
        S3Target target = new S3Target(URI.create(s3.endpoint().toString()), BUCKET, "us-east-1", "test",
                "test-secret");
        topology = QueueTopology.start(project, new QueueTopology.Options(target, 3, 1,
                new EmbeddedQueue.Settings(2, VISIBILITY), Duration.ofMinutes(5), env, work,
                notice -> System.err.println("topology: " + notice)));
    }

    @AfterEach
    void stopTheStack() throws Exception {
        if (topology != null) {
            topology.close();
        }
        if (s3Client != null) {
            s3Client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    @Order(1)
    void theNightlySchedule_splitsA20000LineList_overThreeWorkers_andOneIsKilledOnTheWay() throws Exception {
        List<String> urls = urls("nightly");
        bucket.put("lists/nightly.txt", "# partner catalogue\n" + String.join("\n", urls) + "\n");

        JsonNode answer = submit(Files.readAllBytes(Path.of("events/eventbridge-scheduled.json")));
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("queued");
        assertThat(answer.path("items").asInt()).isEqualTo(URLS);
        assertThat(answer.path("messages").asInt()).as("parts of 200").isEqualTo(URLS / 200);
        String batchId = answer.path("batchId").asText();

        JsonNode running = statusOnceFinished(batchId, URLS / 2000);
        assertThat(running.path("state").asText()).isEqualTo("running");
        assertThat(running.path("counts").path("total").asLong()).isBetween(200L, URLS - 1L);
        Worker killed = topology.workers().get(1);
        killed.kill();
        assertThat(killed.alive()).isFalse();

        assertThat(topology.awaitDrained(DRAIN_LIMIT)).as("drained").isTrue();
        JsonNode done = topology.batchStatus(batchId).orElseThrow();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("counts").path("stored").asLong() + done.path("counts").path("unchanged").asLong())
                .isEqualTo(URLS);
        assertThat(done.path("counts").path("failed").asLong()).isZero();
        assertEveryUrlStoredOnceAndByteExact(batchId, "fetched/127.0.0.1_" + origin.port() + "/ok/nightly-", "nightly",
                urls);
        assertThat(eventsOf(batchId)).as("one completion event").hasSize(1);
        assertThat(eventsOf(batchId).get(0).detail().path("counts").path("total").asLong()).isEqualTo(URLS);
        assertThat(topology.dlqMessages()).isEmpty();
        assertThat(bucket.openUploads()).as("open multipart uploads").isEmpty();
        assertThat(spoolFiles()).as("spool files left").isEmpty();
        assertThat(topology.spoolOf(killed.name())).as("the killed worker's /tmp went with it").doesNotExist();
        for (String url : urls) {
            assertThat(origin.requests(URI.create(url).getPath())).as(url).isBetween(1, 2);
        }
    }

    @Test
    @Order(2)
    void aGzippedCsvOf20000Urls_postedToTheApi_isHandedToAWorker_splitAndDrained() throws Exception {
        List<String> urls = urls("posted");
        StringBuilder csv = new StringBuilder("url,key,sha256\n");
        for (int i = 0; i < URLS; i++) {
            csv.append(urls.get(i)).append(",posted/").append(i).append(',')
                    .append(Bodies.sha256(name("posted", i), size(i))).append('\n');
        }
        bucket.putBytes("lists/posted.csv.gz", gzip(csv.toString()));

        JsonNode response = submit(ApiEvent.post(JSON, "/batches", "{\"batchId\": \"posted-20k\", \"manifestUrl\": "
                + "\"s3://" + BUCKET + "/lists/posted.csv.gz\"}"));
        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(202);
        assertThat(JSON.readTree(response.path("body").asText()).path("messages").asInt())
                .as("the list itself, for a worker to split").isEqualTo(1);

        assertThat(topology.awaitDrained(DRAIN_LIMIT)).as("drained").isTrue();
        JsonNode done = topology.batchStatus("posted-20k").orElseThrow();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("parts").path("total").asInt()).isEqualTo(URLS / 200);
        assertThat(done.path("counts").path("stored").asLong()).isEqualTo(URLS);
        assertEveryUrlStoredOnceAndByteExact("posted-20k", "fetched/posted/", "posted", urls);
        assertThat(eventsOf("posted-20k")).hasSize(1);
    }

    @Test
    @Order(3)
    void aPartThatKeepsFailing_isDeadLettered_theBatchStillFinishes_andItsRetryStoresIt() throws Exception {
        // 2 attempts a delivery, 2 deliveries: the origin answers the fifth request, the retry's first.
        List<String> urls = IntStream.range(0, 203).mapToObj(i -> i < 200
                ? origin.url("/ok/steady-" + i + "/100")
                : origin.url("/reset-mid/flaky-" + i + "/300?times=4")).toList();
        JsonNode answer = submit(BatchEvent.of(JSON, urls, null));
        assertThat(answer.path("messages").asInt()).isEqualTo(2);
        String batchId = answer.path("batchId").asText();

        assertThat(topology.awaitDrained(Duration.ofMinutes(5))).as("drained").isTrue();
        assertThat(topology.dlqMessages()).as("the part with the flaky URLs").hasSize(1);
        JsonNode done = topology.batchStatus(batchId).orElseThrow();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("counts").path("failed").asInt()).isEqualTo(3);
        List<String> retryList = bucket.text(done.path("retryList").path("key").asText()).lines().toList();
        assertThat(retryList).hasSize(3);
        assertThat(eventsOf(batchId)).hasSize(1);

        JsonNode retried = submit(ApiEvent.post(JSON, "/batches/" + batchId + "/retry", null));
        assertThat(retried.path("statusCode").asInt()).as(retried.toString()).isEqualTo(200);
        JsonNode report = JSON.readTree(retried.path("body").asText());
        assertThat(report.path("parent").asText()).isEqualTo(batchId);
        assertThat(report.path("counts").path("stored").asInt()).isEqualTo(3);
        for (JsonNode item : report.path("items")) {
            assertThat(bucket.sha256(item.path("key").asText())).isEqualTo(Bodies.sha256(
                    URI.create(item.path("url").asText()).getPath().split("/")[2], 300));
        }
    }

    private JsonNode submit(byte[] event) throws IOException, InterruptedException {
        RuntimeOutcome outcome = topology.submit(event);
        assertThat(outcome).isInstanceOf(RuntimeOutcome.Response.class);
        return JSON.readTree(((RuntimeOutcome.Response) outcome).body());
    }

    /** The status once at least {@code parts} parts have finished, asked of the API function as the workers run. */
    private JsonNode statusOnceFinished(String batchId, int parts) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> status = topology.batchStatus(batchId);
            if (status.isPresent() && status.get().path("parts").path("finished").asInt() >= parts) {
                return status.get();
            }
            // A status request is a few S3 calls: asked a few times a second, as a person watching would.
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new AssertionError("batch " + batchId + " never had " + parts + " parts finished");
    }

    private void assertEveryUrlStoredOnceAndByteExact(String batchId, String stored, String name, List<String> urls)
            throws IOException {
        JsonNode manifest = JSON.readTree(bucket.text("manifests/" + batchId + ".json"));
        Map<String, String> keyByUrl = new HashMap<>();
        for (JsonNode item : manifest.path("items")) {
            assertThat(keyByUrl.put(item.path("url").asText(), item.path("key").asText()))
                    .as("reported once: " + item.path("url").asText()).isNull();
        }
        assertThat(keyByUrl.keySet()).containsExactlyInAnyOrderElementsOf(urls);
        // One listing gives every object's ETag, the MD5 of its bytes for a single PUT.
        Map<String, S3Object> objects = new HashMap<>();
        bucket.objects(stored).forEach(object -> objects.put(object.key(), object));
        assertThat(objects.keySet()).as("one object per URL").containsExactlyInAnyOrderElementsOf(keyByUrl.values());
        for (int i = 0; i < urls.size(); i++) {
            S3Object object = objects.get(keyByUrl.get(urls.get(i)));
            assertThat(object.eTag().replace("\"", "")).as(urls.get(i)).isEqualTo(md5(name, i));
        }
    }

    private List<LocalEventBus.Event> eventsOf(String batchId) {
        return topology.events().events().stream()
                .filter(event -> batchId.equals(event.detail().path("batchId").asText())).toList();
    }

    /** Files in the functions' spool folders (each folder's lock file lies beside it, and stays). */
    private List<Path> spoolFiles() throws IOException {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> folders = Files.list(work.resolve("spool"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.filter(Files::isRegularFile).forEach(left::add);
                }
            }
        }
        return left;
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static List<String> urls(String name) {
        return IntStream.range(0, URLS).mapToObj(i -> origin.url("/ok/" + name + "-" + i + "/" + size(i))).toList();
    }

    private static String name(String name, int i) {
        return name + "-" + i;
    }

    private static int size(int i) {
        return 100 + i % 1900;
    }

    private static String md5(String name, int i) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(Bodies.bytes(name(name, i), 0, size(i)));
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
