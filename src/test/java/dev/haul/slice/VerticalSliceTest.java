package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
class VerticalSliceTest extends HaulTestSupport {

    @Test
    void smallAndLargeBodies_landByteExact_andReportAgreesWithS3() throws Exception {
        Map<String, Long> bodies = Map.of(
                "/bytes/empty/0", 0L,
                "/bytes/small/1000", 1000L,
                "/chunked/no-length/3000000", 3_000_000L,
                "/bytes/one-part/8388608", 8_388_608L,
                "/bytes/large/42000000", 42_000_000L);
        List<String> paths = List.copyOf(bodies.keySet());
        JsonPath report = invoke(batchOf("slice-bytes", paths));

        assertThat(report.getInt("counts.stored")).isEqualTo(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            String name = path.split("/")[2];
            long size = bodies.get(path);
            String item = "items[" + i + "].";
            String expectedSha = Bodies.sha256(name, size);
            String key = report.getString(item + "key");

            assertThat(report.getString(item + "url")).isEqualTo(origin.url(path));
            assertThat(report.getString(item + "status")).isEqualTo("stored");
            assertThat(report.getLong(item + "bytes")).isEqualTo(size);
            assertThat(report.getString(item + "sha256")).as("reported SHA-256 of " + path).isEqualTo(expectedSha);
            assertThat(bucket.sha256(key)).as("SHA-256 of the object stored for " + path).isEqualTo(expectedSha);
            assertThat(bucket.head(key).contentLength()).isEqualTo(size);
            assertThat(bucket.metadata(key)).containsEntry("source-url", origin.url(path));
        }
        String largeKey = report.getString("items[" + paths.indexOf("/bytes/large/42000000") + "].key");
        assertThat(largeKey).isEqualTo("fetched/127.0.0.1_" + origin.port() + "/bytes/large/42000000");
        assertThat(bucket.metadata(largeKey)).containsEntry("source-etag", "\"large-42000000\"");
    }

    @Test
    void batchReport_isWrittenToS3AsTheManifest() {
        JsonPath report = invoke(batchOf("slice-manifest", List.of("/bytes/manifested/10")));

        assertThat(report.getString("manifest.key")).isEqualTo("manifests/slice-manifest.json");
        JsonPath manifest = JsonPath.from(bucket.text("manifests/slice-manifest.json"));
        assertThat(manifest.getString("batchId")).isEqualTo("slice-manifest");
        assertThat(manifest.getString("items[0].sha256")).isEqualTo(report.getString("items[0].sha256"));
        assertThat(manifest.getInt("counts.stored")).isEqualTo(1);
    }

    @Test
    void notFoundAndConnectionRefused_failAlone_andLeaveNoObject() throws Exception {
        String refused = "http://127.0.0.1:" + closedPort() + "/nothing-listens-here";
        JsonPath report = invoke(BatchJson.urls(origin.url("/status/404"), refused, origin.url("/bytes/survivor/5000"))
                .id("slice-failures").json());

        assertThat(report.getInt("counts.failed")).isEqualTo(2);
        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("http-status");
        assertThat(report.getInt("items[0].httpStatus")).isEqualTo(404);
        assertThat(report.getString("items[0].failure.message")).contains("404");
        assertThat(report.getString("items[1].failure.kind")).isEqualTo("connect");
        assertThat(report.getString("items[2].status")).isEqualTo("stored");
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
        assertThat(bucket.exists(report.getString("items[1].key"))).isFalse();
        assertThat(bucket.sha256(report.getString("items[2].key"))).isEqualTo(Bodies.sha256("survivor", 5000));
    }

    @Test
    void silentOrigins_areReportedAsFirstByteAndIdleTimeouts_withinTheirBounds() throws Exception {
        // Half of 20 MB is more than a part: the stalled body has a multipart upload open when it stalls.
        JsonPath report = invoke(batchOf("slice-timeouts", List.of(
                "/stall-headers/1000", "/stall-mid/stalling/20000000", "/bytes/unaffected/2000")));

        assertThat(report.getString("items[0].failure.kind")).isEqualTo("first-byte-timeout");
        assertThat(report.getString("items[1].failure.kind")).isEqualTo("idle-timeout");
        // Configured in the test profile: 1500 ms each, against a total timeout of two minutes.
        assertThat(report.getLong("items[0].durationMs")).isBetween(1500L, 60_000L);
        assertThat(report.getLong("items[1].durationMs")).isBetween(1500L, 60_000L);
        assertThat(report.getString("items[2].status")).isEqualTo("stored");
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
        assertThat(bucket.exists(report.getString("items[1].key"))).isFalse();
    }

    @Test
    void concurrentFetches_neverExceedTheGlobalAndPerHostBounds() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            urls.add(origin.url("/slow/a" + i + "/1000"));
            urls.add(origin.otherHostUrl("/slow/b" + i + "/1000"));
        }
        JsonPath report = invoke(BatchJson.urls(urls).id("slice-bounds").json());

        assertThat(report.getInt("counts.stored")).isEqualTo(24);
        // Test profile: haul.fetch.concurrency=4, haul.fetch.per-host-concurrency=3.
        assertThat(origin.maxOpen()).isLessThanOrEqualTo(4).isGreaterThanOrEqualTo(2);
        assertThat(origin.maxOpenOnMainHost()).isLessThanOrEqualTo(3);
        assertThat(origin.maxOpenOnOtherHost()).isLessThanOrEqualTo(3);
    }

    private String batchOf(String batchId, List<String> paths) {
        return BatchJson.urls(paths.stream().map(origin::url).toList()).id(batchId).json();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
