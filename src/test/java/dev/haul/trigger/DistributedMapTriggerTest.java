package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Step Functions Distributed Map, with an item batcher, hands Haul {@code {"Items": [...], "BatchInput": {...}}}:
 * the example in {@code events/} with its URLs pointed at the test origin.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DistributedMapTriggerTest extends HaulTestSupport {

    @Test
    void anItemBatch_runsAsOneBatch_withItsOwnIdUnderTheSharedOne_andTheSameItemsAreTheSameBatch()
            throws Exception {
        String event = Files.readString(Path.of("events/stepfunctions-item-batch.json"))
                .replace("https://example.org/data/a.csv", origin.url("/bytes/sfn-a/4000"))
                .replace("https://example.org/reports/q3.pdf", origin.url("/bytes/sfn-q3/5000"))
                .replace("https://example.org/data/b.csv", origin.url("/bytes/sfn-b/6000"))
                .replace("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        Bodies.sha256("sfn-a", 4000));

        JsonPath report = invoke(event);
        JsonPath again = invoke(event);

        assertThat(report.getList("items.status")).containsExactly("stored", "stored", "stored");
        assertThat(report.getString("batchId")).matches("nightly-2026-12-01-[0-9a-f]{16}");
        assertThat(report.getString("items[1].key")).isEqualTo("fetched/partner-feeds/reports/2026/q3.pdf");
        assertThat(report.getString("items[2].url")).isEqualTo(origin.url("/bytes/sfn-b/6000"));
        assertThat(report.getInt("counts.stored")).isEqualTo(3);
        assertThat(bucket.exists(report.getString("manifest.key"))).isTrue();
        assertThat(again.getString("batchId")).as("a retried child batch").isEqualTo(report.getString("batchId"));
    }

    @Test
    void csvItemReaderRows_emptyCellsAndHeaderColumns_readAsHaulsOwnCsv() {
        JsonPath report = invoke("{\"Items\": [{\"url\": \"" + origin.url("/echo-headers?sfn=csv") + "\", "
                + "\"key\": \"\", \"sha256\": \"\", \"headers.Accept\": \"text/csv\"}]}");

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(origin.headersOf("/echo-headers?sfn=csv").get(0)).containsEntry("accept", "text/csv");
    }

    @Test
    void anItemBatchThatCannotRun_isAProblemNamingTheField_andNothingIsFetched() {
        JsonPath badItem = invoke("{\"Items\": [\"" + origin.url("/bytes/sfn-x/1") + "\", \"ftp://files.example/a\"]}");
        JsonPath badInput = invoke("{\"Items\": [\"" + origin.url("/bytes/sfn-y/1") + "\"], \"BatchInput\": "
                + "{\"prefix\": \"p\"}}");

        assertThat(badItem.getInt("status")).isEqualTo(400);
        assertThat(badItem.getString("field")).isEqualTo("items[1].url");
        assertThat(badInput.getString("field")).isEqualTo("BatchInput.prefix");
        assertThat(origin.requests()).isZero();
    }
}
