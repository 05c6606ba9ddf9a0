package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
class EventBridgeTriggerTest extends HaulTestSupport {

    @Test
    void customEvent_withABatchAsDetail_storesItsUrls_underTheEventsBatchId() throws Exception {
        JsonPath report = invoke(Events.eventBridge("evt-1", BatchJson.urls(origin.url("/bytes/eb-a/777")).json()));

        assertThat(report.getString("batchId")).isEqualTo("eb-evt-1");
        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(Bodies.sha256("eb-a", 777));
        assertThat(bucket.exists("manifests/eb-evt-1.json")).isTrue();
    }

    @Test
    void customEvent_withAManifestUrl_fetchesTheJsonBatchStoredInS3() {
        bucket.put("lists/partner.json", BatchJson.items(BatchJson.item(origin.url("/bytes/eb-b/10"))
                .key("partner/b.bin")).json());

        JsonPath report = invoke(Events.eventBridge("evt-2",
                "{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/lists/partner.json\"}"));

        assertThat(report.getString("items[0].key")).isEqualTo("fetched/partner/b.bin");
        assertThat(bucket.exists("fetched/partner/b.bin")).isTrue();
    }

    @Test
    void schedulerBareInput_withAManifestUrl_fetchesTheUrlListStoredInS3_andWritesItsManifest() {
        bucket.put("lists/nightly.txt", "# nightly feeds\n" + origin.url("/bytes/night-1/50") + "\n\n"
                + origin.url("/bytes/night-2/60") + "\n");

        JsonPath report = invoke("{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/lists/nightly.txt\"}");

        assertThat(report.getInt("counts.stored")).isEqualTo(2);
        assertThat(bucket.exists(report.getString("manifest.key"))).isTrue();
    }

    @Test
    void manifestUrlThatDoesNotExist_isRefusedWithTheReason() {
        JsonPath problem = invoke("{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/lists/missing.txt\"}");

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("404");
    }

    @Test
    void bareScheduledEvent_withoutADefaultList_isRefused_andFetchesNothing() {
        JsonPath problem = invoke(Events.scheduled("evt-3"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("haul.schedule.manifest-url");
        assertThat(origin.requests()).isZero();
    }
}
