package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/** A batch of 1 000 URLs in which a third fail in assorted ways: a correct report, and nothing left behind. */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ThousandUrlBatchTest extends HaulTestSupport {

    private record Case(String url, String status, String kind) {}

    @Test
    void thousandUrls_aThirdFailing_reportEachOutcome_andLeaveNothingBehind() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            cases.add(switch (i % 9) {
                case 0 -> new Case(origin.url("/status/404?i=" + i), "failed", "http-status");
                case 1 -> new Case(TestServers.origin().url("/status-storm/503?times=99&i=" + i), "failed",
                        "http-status");
                case 2 -> new Case("http://127.0.0.3:" + origin.port() + "/bytes/b" + i + "/10", "blocked", "blocked");
                default -> new Case(origin.url("/bytes/t" + i + "/" + (100 + i)), "stored", null);
            });
        }
        JsonPath report = invoke(BatchJson.urls(cases.stream().map(Case::url).toList()).id("thousand").json());

        assertThat(report.getInt("counts.total")).isEqualTo(1000);
        // i % 9: 0 -> 404 (112 of them), 1 -> 503 storm (111), 2 -> blocked (111), 3..8 -> stored (666).
        assertThat(report.getInt("counts.stored")).isEqualTo(666);
        assertThat(report.getInt("counts.failed")).isEqualTo(112 + 111);
        assertThat(report.getInt("counts.blocked")).isEqualTo(111);
        List<Map<String, Object>> items = report.getList("items");
        for (int i = 0; i < 1000; i++) {
            Case expected = cases.get(i);
            Map<String, Object> item = items.get(i);
            assertThat(item.get("url")).isEqualTo(expected.url());
            assertThat(item.get("status")).as(expected.url()).isEqualTo(expected.status());
            if (expected.kind() != null) {
                assertThat(((Map<?, ?>) item.get("failure")).get("kind")).isEqualTo(expected.kind());
            } else {
                assertThat(((Number) item.get("bytes")).longValue()).isEqualTo(100 + i);
            }
        }
        String hostFolder = "fetched/127.0.0.1_" + origin.port() + "/bytes/";
        long storedObjects = bucket.keys(hostFolder).stream().filter(k -> k.matches(".*/bytes/t\\d+/\\d+")).count();
        assertThat(storedObjects).as("objects of this batch, and only the stored ones").isEqualTo(666);
        assertThat(bucket.keys("fetched/127.0.0.1_" + origin.port() + "/status/")).isEmpty();
    }
}
