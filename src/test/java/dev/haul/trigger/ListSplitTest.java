package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.services.sqs.model.Message;

import dev.haul.support.Events;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;

/**
 * A list longer than a batch holds is split over the queue while it is read: every valid line lands in exactly one
 * part, the bad lines and the duplicate keys are reported once, and the worker's parts finish the batch. From a
 * direct invocation the list is split where it arrived; from the API it is handed to a worker, which splits it.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(ListSplitTest.SmallBatches.class)
class ListSplitTest extends QueueingTestSupport {

    /** Batches of at most 40 items, parts of at most 25: a 300-line list is long. */
    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haul.batch.max-items", "40", "haul.batch.in-place-max-items", "25",
                    "haul.batch.max-list-items", "500", "haul.queue.max-message-size", "256K");
        }
    }

    private static final int LINES = 300;

    @Test
    void aLongTextList_fromADirectInvocation_isSplitIntoParts_thatTheWorkersFinish() {
        StringBuilder list = new StringBuilder("# the nightly list\n");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            String url = origin.url("/bytes/split-" + i + "/" + (50 + i % 7));
            urls.add(url);
            list.append(url).append('\n');
            if (i == 100) {
                list.append("ftp://files.example/x\n");
                list.append(urls.get(3)).append('\n');
            }
        }
        bucket.put("lists/long.txt", list.toString());

        JsonPath queued = invoke("{\"batchId\": \"long-text\", \"manifestUrl\": \"s3://" + TestServers.BUCKET
                + "/lists/long.txt\"}");

        assertThat(queued.getString("status")).isEqualTo("queued");
        assertThat(queued.getInt("items")).as("the repeated URL is an item again, in another part")
                .isEqualTo(LINES + 1);
        assertThat(queued.getInt("messages")).as("parts of at most 25 items").isEqualTo(13);
        assertThat(origin.requests()).as("nothing is fetched where the list was split").isZero();
        List<Message> parts = receiveAll(queued.getInt("messages"));
        List<String> sent = parts.stream().flatMap(m -> JsonPath.from(m.body()).<String>getList("items.url")
                .stream()).toList();
        urls.add(urls.get(3));
        assertThat(sent).as("every valid line in exactly one part").containsExactlyInAnyOrderElementsOf(urls);

        runAll(parts);
        JsonPath done = status("long-text");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("counts.stored") + done.getInt("counts.unchanged")).isEqualTo(LINES + 1);
        assertThat(done.getInt("counts.rejectedLines")).isEqualTo(1);
        JsonPath manifest = manifestOf(done);
        assertThat(manifest.getList("rejectedLines.line")).as("the ftp line, after the comment and 101 URLs")
                .containsExactly(103);
        assertThat(manifest.getList("items.url")).hasSize(LINES + 1);
        assertThat(origin.requests()).isEqualTo(LINES + 1);
    }

    @Test
    void aLongGzippedCsvList_fromThePostApi_isHandedToAWorker_thatSplitsIt() throws IOException {
        StringBuilder csv = new StringBuilder("url,key\n");
        for (int i = 0; i < LINES; i++) {
            // Lines 1 and 2 take one key, 3 and 4 another...: ten keys taken twice in the first part.
            csv.append(origin.url("/bytes/csv-" + i + "/" + (60 + i % 5))).append(",csv/").append(i < 20 ? i / 2 : i)
                    .append(".bin\n");
        }
        bucket.putBytes("lists/long.csv.gz", gzip(csv.toString()));

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                "{\"batchId\": \"long-csv\", \"manifestUrl\": \"s3://" + TestServers.BUCKET + "/lists/long.csv.gz\"}"));

        assertThat(response.getInt("statusCode")).isEqualTo(202);
        JsonPath accepted = JsonPath.from(response.getString("body"));
        assertThat(accepted.getInt("messages")).as("the list itself, for a worker to split").isEqualTo(1);
        assertThat(status("long-csv").getString("state")).isEqualTo("queued");
        List<Message> pointer = receiveAll(1);
        assertThat(JsonPath.from(pointer.get(0).body()).getString("manifestUrl")).endsWith("/lists/long.csv.gz");
        runAll(pointer);

        JsonPath split = status("long-csv");
        assertThat(split.getInt("parts.total")).isEqualTo(12);
        assertThat(split.getInt("items")).as("10 keys taken twice in a part are rejected").isEqualTo(LINES - 10);
        runAll(receiveAll(12));
        JsonPath done = status("long-csv");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("counts.stored")).isEqualTo(LINES - 10);
        assertThat(done.getInt("counts.rejectedLines")).isEqualTo(10);
        assertThat(manifestOf(done).getString("rejectedLines[0].problem")).contains("same key as line 2");
        assertThat(manifestOf(done).getInt("rejectedLines[0].line")).isEqualTo(3);
    }

    @Test
    void aListOverTheListLimit_isRefusedBeforeAnyPartIsSent() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 501; i++) {
            list.append(origin.url("/bytes/too-many-" + i + "/10")).append('\n');
        }
        bucket.put("lists/too-many.txt", list.toString());

        JsonPath problem = invoke("{\"batchId\": \"too-many\", \"manifestUrl\": \"s3://" + TestServers.BUCKET
                + "/lists/too-many.txt\"}");

        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("more than 500 items");
        assertThat(receiveAll(1)).as("nothing queued").isEmpty();
        assertThat(origin.requests()).isZero();
    }

    private void runAll(List<Message> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<Message> batch = messages.subList(i, Math.min(messages.size(), i + 10));
            JsonPath response = invoke(Events.sqs(batch.stream().map(m -> new Events.Message(m.messageId(), m.body()))
                    .toList()));
            assertThat(response.getList("batchItemFailures")).isEmpty();
            batch.forEach(this::delete);
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
