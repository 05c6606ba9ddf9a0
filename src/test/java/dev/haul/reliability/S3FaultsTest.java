package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.S3FaultProxy;
import dev.haul.support.S3RequestKind;
import dev.haul.support.TestServers;

/** S3 failing under Haul, injected by a proxy between Haul and S3Mock. */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class S3FaultsTest extends HaulTestSupport {

    private S3FaultProxy proxy;

    @BeforeEach
    void proxy() {
        proxy = TestServers.s3Proxy();
    }

    @Test
    void partFailingOnce_isRetried_andTheObjectLandsByteExact() throws Exception {
        proxy.failUploadPartOnce(2, 500);

        JsonPath report = invoke(batch("/bytes/part-retry/20000000"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(Bodies.sha256("part-retry", 20_000_000));
        assertThat(proxy.count(S3RequestKind.UPLOAD_PART)).as("3 parts, one of them twice").isEqualTo(4);
        assertNeighbourLanded(report);
    }

    @Test
    void completeFailingForGood_abortsTheUpload_andReportsAStoreFailure() {
        proxy.failCompleteMultipartUpload(99, 500);

        JsonPath report = invoke(batch("/bytes/never-completes/20000000"));

        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("store");
        assertThat(report.getString("items[0].failure.message")).contains("CompleteMultipartUpload");
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
        assertThat(proxy.count(S3RequestKind.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertNeighbourLanded(report);
    }

    @Test
    void slowDown_isRetriedWithBackoff_andThePutSucceeds() throws Exception {
        proxy.slowDown(1, S3RequestKind.PUT_OBJECT);

        JsonPath report = invoke(BatchJson.urls(origin.url("/bytes/slowed/3000")).json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(Bodies.sha256("slowed", 3000));
        // The object's PUT twice (SlowDown, then success) and the manifest's once.
        assertThat(proxy.count(S3RequestKind.PUT_OBJECT)).isEqualTo(3);
    }

    private String batch(String path) {
        return BatchJson.urls(origin.url(path), origin.url("/bytes/s3-neighbour/777")).json();
    }

    private static void assertNeighbourLanded(JsonPath report) {
        assertThat(report.getString("items[1].status")).isEqualTo("stored");
        assertThat(report.getString("items[1].sha256")).isEqualTo(Bodies.sha256("s3-neighbour", 777));
    }
}
