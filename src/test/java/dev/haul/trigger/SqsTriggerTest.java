package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.Events.Message;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
class SqsTriggerTest extends HaulTestSupport {

    @Test
    void partialBatchFailure_namesExactlyTheMessagesWithATransientFailure() {
        JsonPath response = invoke(Events.sqs(List.of(
                new Message("m-stored", urls(origin.url("/bytes/sqs-ok/100"))),
                new Message("m-unavailable", urls(origin.url("/bytes/sqs-ok2/100"), origin.url("/status/503"))),
                new Message("m-gone", urls(origin.url("/status/404"))))));

        assertThat(response.getList("batchItemFailures.itemIdentifier")).containsExactly("m-unavailable");
        assertThat(bucket.exists(JsonPath.from(bucket.text("manifests/sqs-m-stored.json")).getString("items[0].key")))
                .isTrue();
        assertThat(JsonPath.from(bucket.text("manifests/sqs-m-gone.json")).getString("items[0].failure.kind"))
                .isEqualTo("http-status");
    }

    @Test
    void malformedBodies_areReportedFailed_andTheOtherRecordsAreProcessed() {
        JsonPath response = invoke(Events.sqs(List.of(
                new Message("m-not-json", "this is not json"),
                new Message("m-not-a-batch", "{\"colour\": \"red\"}"),
                new Message("m-fine", "{\"url\": \"" + origin.url("/bytes/sqs-fine/321") + "\"}"))));

        assertThat(response.getList("batchItemFailures.itemIdentifier"))
                .containsExactlyInAnyOrder("m-not-json", "m-not-a-batch");
        JsonPath manifest = JsonPath.from(bucket.text("manifests/sqs-m-fine.json"));
        assertThat(manifest.getLong("items[0].bytes")).isEqualTo(321);
        assertThat(origin.requests()).isEqualTo(1);
    }

    @Test
    void redeliveredMessage_createsNoDuplicate_andFetchesNothingAgain() {
        String body = urls(origin.url("/bytes/sqs-once/2048"), origin.url("/bytes/sqs-twice/4096"));
        invoke(Events.sqs(List.of(new Message("m-redelivered", body, 1))));
        int requestsAfterFirstDelivery = origin.requests();
        String key = JsonPath.from(bucket.text("manifests/sqs-m-redelivered.json")).getString("items[0].key");

        JsonPath response = invoke(Events.sqs(List.of(new Message("m-redelivered", body, 2))));

        assertThat(response.getList("batchItemFailures")).isEmpty();
        assertThat(origin.requests()).isEqualTo(requestsAfterFirstDelivery).isEqualTo(2);
        JsonPath second = JsonPath.from(bucket.text("manifests/sqs-m-redelivered.json"));
        assertThat(second.getList("items.alreadyStored")).containsExactly(true, true);
        assertThat(second.getLong("items[1].bytes")).isEqualTo(4096);
        String bytesFolder = key.substring(0, key.indexOf("/sqs-once/") + 1);
        assertThat(bucket.keys(bytesFolder + "sqs-once/")).containsExactly(key);
        assertThat(bucket.keys(bytesFolder + "sqs-twice/")).containsExactly(second.getString("items[1].key"));
    }

    private static String urls(String... urls) {
        return BatchJson.urls(urls).json();
    }
}
