package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.services.sqs.model.Message;

import dev.haul.local.LocalEventBus;
import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;

/**
 * A queued batch, its parts handed to the worker in any order and more than once, finishes exactly once: one merged
 * manifest, one "Haul Batch Completed" event (received by {@link LocalEventBus}, the stand-in for EventBridge), a
 * status that tells how far it got on the way, and the items that failed in a retry list.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(SpreadOverTheQueueTest.ThreeInPlace.class)
class BatchCompletionTest extends QueueingTestSupport {

    @Test
    void partsFinishingInAnyOrder_andRedelivered_finishTheBatchOnce() {
        String[] urls = IntStream.range(0, 7).mapToObj(i -> origin.url("/bytes/once-" + i + "/" + (200 + i)))
                .toArray(String[]::new);
        JsonPath queued = invoke(BatchJson.urls(urls).id("finish-once").json());
        assertThat(queued.getInt("messages")).isEqualTo(3);
        List<Message> parts = byPart(receiveAll(3));

        run(parts.get(2), 1);
        run(parts.get(0), 1);
        JsonPath running = status("finish-once");
        assertThat(running.getString("state")).isEqualTo("running");
        assertThat(running.getInt("parts.finished")).isEqualTo(2);
        assertThat(running.getInt("counts.stored")).as("3 + 1 items of the parts that finished").isEqualTo(4);
        assertThat(bucket.exists("manifests/finish-once.json")).isFalse();
        assertThat(eventsOf("finish-once")).isEmpty();

        run(parts.get(1), 1);
        String merged = bucket.text("manifests/finish-once.json");
        run(parts.get(1), 2);
        run(parts.get(0), 2);

        JsonPath done = status("finish-once");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("counts.stored")).isEqualTo(7);
        assertThat(done.getLong("counts.bytes")).isEqualTo(IntStream.range(0, 7).map(i -> 200 + i).sum());
        assertThat(bucket.text("manifests/finish-once.json")).as("written once, not again on redelivery")
                .isEqualTo(merged);
        JsonPath manifest = JsonPath.from(merged);
        assertThat(manifest.getList("items.url")).containsExactly((Object[]) urls);
        assertThat(manifest.getInt("counts.stored")).isEqualTo(7);
        assertThat(origin.requests()).as("a redelivered part that had finished fetches nothing again").isEqualTo(7);
        List<LocalEventBus.Event> events = eventsOf("finish-once");
        assertThat(events).hasSize(1);
        LocalEventBus.Event event = events.get(0);
        assertThat(event.source()).isEqualTo("haul");
        assertThat(event.detailType()).isEqualTo("Haul Batch Completed");
        assertThat(event.bus()).isEqualTo("default");
        assertThat(event.detail().path("counts").path("stored").asInt()).isEqualTo(7);
        assertThat(event.detail().path("manifest").path("key").asText()).isEqualTo("manifests/finish-once.json");
        assertThat(event.detail().has("retryList")).isFalse();
    }

    @Test
    void aPartThatKeepsFailing_isFinalOnItsLastDelivery_andTheBatchFinishesWithARetryList() {
        String failing = origin.url("/reset-mid/flaky/300?times=6");
        JsonPath queued = invoke(BatchJson.urls(origin.url("/bytes/steady-0/100"), origin.url("/bytes/steady-1/101"),
                origin.url("/bytes/steady-2/102"), failing).id("keeps-failing").json());
        assertThat(queued.getInt("messages")).isEqualTo(2);
        List<Message> parts = byPart(receiveAll(2));
        run(parts.get(0), 1);

        assertThat(invokePart(parts.get(1), 1).getList("batchItemFailures")).hasSize(1);
        assertThat(status("keeps-failing").getInt("parts.finished")).as("not final: it will be received again")
                .isEqualTo(1);
        assertThat(invokePart(parts.get(1), 3).getList("batchItemFailures"))
                .as("the last delivery still fails, so the message goes to the dead-letter queue").hasSize(1);

        JsonPath done = status("keeps-failing");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("counts.stored")).isEqualTo(3);
        assertThat(done.getInt("counts.failed")).isEqualTo(1);
        assertThat(done.getString("retryList.key")).isEqualTo("manifests/keeps-failing/retry.jsonl");
        List<String> retry = bucket.text("manifests/keeps-failing/retry.jsonl").lines().toList();
        assertThat(retry).hasSize(1);
        JsonPath line = JsonPath.from(retry.get(0));
        assertThat(line.getString("url")).isEqualTo(failing);
        assertThat("fetched/" + line.getString("key")).as("its key, relative to the data prefix")
                .isEqualTo(manifestOf(done).getString("items[3].key"));
        assertThat(line.getString("failure.kind")).isNotBlank();
        assertThat(eventsOf("keeps-failing")).hasSize(1);
        assertThat(eventsOf("keeps-failing").get(0).detail().path("retryList").path("key").asText())
                .isEqualTo("manifests/keeps-failing/retry.jsonl");

        JsonPath retried = invoke(Events.api("POST", "/batches/keeps-failing/retry", "application/json", null));
        assertThat(retried.getInt("statusCode")).as("the origin has recovered").isEqualTo(200);
        JsonPath report = JsonPath.from(retried.getString("body"));
        assertThat(report.getString("batchId")).startsWith("keeps-failing-retry-");
        assertThat(report.getString("parent")).isEqualTo("keeps-failing");
        assertThat(report.getList("items.url")).containsExactly(failing);
        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getString("items[0].key")).as("where the first attempt would have stored it")
                .isEqualTo(manifestOf(done).getString("items[3].key"));
        assertThat(bucket.exists(report.getString("items[0].key"))).isTrue();
    }

    @Test
    void aRetryOfABatchThatIsUnknown_stillRunning_orWithoutFailures_isRefusedWithTheReason() {
        JsonPath unknown = invoke("{\"retryOf\": \"never-ran\"}");
        assertThat(unknown.getInt("status")).isEqualTo(404);
        assertThat(unknown.getString("field")).isEqualTo("retryOf");

        invoke(BatchJson.urls(origin.url("/bytes/r-0/10"), origin.url("/bytes/r-1/10"), origin.url("/bytes/r-2/10"),
                origin.url("/bytes/r-3/10")).id("still-running").json());
        JsonPath running = invoke(Events.api("POST", "/batches/still-running/retry", "application/json", null));
        assertThat(running.getInt("statusCode")).isEqualTo(409);
        assertThat(JsonPath.from(running.getString("body")).getString("detail")).contains("still queued");

        invoke(BatchJson.urls(origin.url("/bytes/r-ok/10")).id("all-stored").json());
        JsonPath nothing = invoke("{\"retryOf\": \"all-stored\"}");
        assertThat(nothing.getInt("status")).isEqualTo(409);
        assertThat(nothing.getString("detail")).contains("no failed items");
        assertThat(origin.requests()).as("refused retries fetch nothing").isEqualTo(1);
    }

    @Test
    void aQueuedBatchsId_cannotBeTakenByAnotherBatch_butTheSameSubmissionIsAcceptedAgain() {
        String first = BatchJson.urls(origin.url("/bytes/id-0/10"), origin.url("/bytes/id-1/10"),
                origin.url("/bytes/id-2/10"), origin.url("/bytes/id-3/10")).id("taken-id").json();
        assertThat(invoke(first).getString("status")).isEqualTo("queued");
        assertThat(invoke(first).getString("status")).as("a redelivered event is the same batch").isEqualTo("queued");

        JsonPath other = invoke(BatchJson.urls(origin.url("/bytes/id-x/10"), origin.url("/bytes/id-y/10"),
                origin.url("/bytes/id-z/10"), origin.url("/bytes/id-w/10")).id("taken-id").json());
        JsonPath inPlace = invoke(BatchJson.urls(origin.url("/bytes/id-small/10")).id("taken-id").json());

        assertThat(other.getInt("status")).isEqualTo(409);
        assertThat(other.getString("field")).isEqualTo("batchId");
        assertThat(other.getString("detail")).contains("already taken");
        assertThat(inPlace.getInt("status")).as("nor by a batch run in place").isEqualTo(409);
        assertThat(bucket.exists("manifests/taken-id.json")).isFalse();
        assertThat(receiveAll(5)).as("the same two parts, twice; nothing of the others").hasSize(4);
        assertThat(origin.requests()).isZero();
    }

    private static List<LocalEventBus.Event> eventsOf(String batchId) {
        return TestServers.eventBus().events().stream()
                .filter(event -> batchId.equals(event.detail().path("batchId").asText())).toList();
    }

    /** The messages in the order of their part numbers. */
    private static List<Message> byPart(List<Message> messages) {
        return messages.stream()
                .sorted(Comparator.comparingInt(m -> JsonPath.from(m.body()).getInt("part.index"))).toList();
    }

    private void run(Message part, int receiveCount) {
        assertThat(invokePart(part, receiveCount).getList("batchItemFailures")).isEmpty();
    }

    private static JsonPath invokePart(Message part, int receiveCount) {
        return invoke(Events.sqs(List.of(new Events.Message(part.messageId(), part.body(), receiveCount))));
    }
}
