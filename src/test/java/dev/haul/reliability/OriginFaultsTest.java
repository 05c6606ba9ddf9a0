package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Every origin fault from the "Failure handling" table, each in a batch beside a healthy URL that must still land.
 * The test profile allows 3 tries with short backoff; {@link HaulTestSupport} checks after each test that the spool
 * is empty and no multipart upload is open.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class OriginFaultsTest extends HaulTestSupport {

    private FaultyOrigin faulty;

    @BeforeEach
    void faultyOrigin() {
        faulty = TestServers.origin();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            stall before headers     | /stall-before-headers/1000               | first-byte-timeout | 3
            headers, then no body    | /headers-then-nothing/1000               | first-byte-timeout | 3
            stall mid-body           | /stall-mid/stall/20000000                | idle-timeout       | 3
            500 storm beyond retries | /status-storm/500?times=99               | http-status        | 3
            short body               | /short/short/100000                      | connection-lost    | 3
            redirect loop            | /redirect-loop/0                         | redirect           | 1
            404                      | /status/404                              | http-status        | 1
            403                      | /status/403                              | http-status        | 1
            """)
    void failingOrigin_isReportedWithItsReason_andTheRestOfTheBatchLands(String title, String path, String kind,
            int attempts) {
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo(kind);
        assertThat(report.getString("items[0].failure.message")).isNotBlank();
        assertThat(report.getInt("items[0].attempts")).isEqualTo(attempts);
        assertThat(faulty.requests(path)).as("requests the origin saw").isEqualTo(attempts);
        assertThat(bucket.exists(report.getString("items[0].key"))).as("partial object").isFalse();
        assertNeighbourLanded(report);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/long/long/100000", "/long-late/long-late/100000", "/long-keepalive/long-ka/100000"})
    void bodyLongerThanItsContentLength_isAFailure_neverAStoredObject(String path) {
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("integrity");
        assertThat(report.getString("items[0].failure.message")).contains("more bytes than its Content-Length");
        assertThat(bucket.exists(report.getString("items[0].key"))).as("object of an overlong body").isFalse();
        assertNeighbourLanded(report);
    }

    @Test
    void bodyBrokenOffMidway_resumesWithRangeFromTheLastByteOnDisk() throws Exception {
        String path = "/reset-mid/resumed/20000000?times=1";
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getInt("items[0].attempts")).isEqualTo(2);
        String expected = Bodies.sha256("resumed", 20_000_000);
        assertThat(report.getString("items[0].sha256")).isEqualTo(expected);
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(expected);
        Map<String, String> retry = faulty.headersOf(path).get(1);
        assertThat(retry.get("range")).matches("bytes=[1-9][0-9]*-");
        assertThat(retry.get("if-range")).isEqualTo("\"resumed-20000000\"");
        assertNeighbourLanded(report);
    }

    @Test
    void bodyThatChangedBetweenTries_isFetchedAgainWhole() throws Exception {
        String path = "/reset-mid-changed/changing/12000000";
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        String changed = Bodies.sha256(FaultyOrigin.changedName("changing"), 12_000_000);
        assertThat(report.getString("items[0].sha256")).isEqualTo(changed);
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(changed);
        assertThat(faulty.headersOf(path).get(1)).containsKey("if-range");
    }

    @ParameterizedTest(name = "Retry-After as {0}")
    @CsvSource({"seconds, false", "HTTP date, true"})
    void unavailableWithRetryAfter_waitsAsAsked_thenStores(String form, boolean date) {
        // Two seconds: an HTTP date has whole seconds, so "now + 2s" is at least one second away when it is read.
        String path = "/retry-after/later/5000?times=1&after=2&date=" + date;
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getInt("items[0].attempts")).isEqualTo(2);
        // The origin asked for (at least) one second; the backoff in the test profile is at most 200 ms.
        assertThat(report.getLong("items[0].durationMs")).isGreaterThanOrEqualTo(900);
        assertNeighbourLanded(report);
    }

    @Test
    void gzipBody_isStoredExactlyAsServed_withItsEncodingRecorded() throws Exception {
        JsonPath report = invoke(twoUrls(faulty.url("/gzip/zipped/50000"), "neighbour"));

        String key = report.getString("items[0].key");
        assertThat(report.getString("items[0].sha256")).isEqualTo(FaultyOrigin.gzipSha256("zipped", 50_000));
        assertThat(bucket.sha256(key)).isEqualTo(FaultyOrigin.gzipSha256("zipped", 50_000));
        assertThat(bucket.metadata(key)).containsEntry("source-content-encoding", "gzip");
    }

    @Test
    void chunkedBodyWithoutLength_isStoredByteExact() throws Exception {
        JsonPath report = invoke(twoUrls(faulty.url("/chunked/chunks/9000000"), "neighbour"));

        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(Bodies.sha256("chunks", 9_000_000));
    }

    @Test
    void redirectChainEndingAtARefusedAddress_isBlocked() {
        String refused = "http://127.0.0.2:" + faulty.port() + "/ok/secret/10";
        String path = "/redirect-chain/3?to=" + URLEncoder.encode(refused, StandardCharsets.UTF_8);
        JsonPath report = invoke(twoUrls(faulty.url(path), "neighbour"));

        assertThat(report.getString("items[0].status")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.message")).contains("127.0.0.2");
        assertNeighbourLanded(report);
    }

    @Test
    void tooManyRedirects_isAFailure() {
        JsonPath report = invoke(twoUrls(faulty.url("/redirect-chain/6?to="
                + URLEncoder.encode(faulty.url("/ok/far/10"), StandardCharsets.UTF_8)), "neighbour"));

        assertThat(report.getString("items[0].failure.kind")).isEqualTo("redirect");
        assertThat(report.getString("items[0].failure.message")).contains("more than 5 redirects");
    }

    @Test
    void credentials_followARedirectOnTheSameHost_butNotToAnotherHost() {
        String sameHost = faulty.url("/redirect-other-host?to="
                + URLEncoder.encode(faulty.url("/echo-headers?hop=same"), StandardCharsets.UTF_8));
        // From the origin's second port to its first: another host as far as credentials go.
        String otherHost = origin.otherHostUrl("/redirect?to="
                + URLEncoder.encode(faulty.url("/echo-headers?hop=other"), StandardCharsets.UTF_8));
        invoke(BatchJson.items(
                BatchJson.item(sameHost).header("Authorization", "Bearer same").header("Cookie", "s=1"),
                BatchJson.item(otherHost).header("Authorization", "Bearer other").header("Cookie", "s=2")).json());

        assertThat(faulty.headersOf("/echo-headers?hop=same").get(0))
                .containsEntry("authorization", "Bearer same").containsEntry("cookie", "s=1");
        assertThat(faulty.headersOf("/echo-headers?hop=other").get(0))
                .doesNotContainKeys("authorization", "cookie");
    }

    @Test
    void bodyOverTheLimit_isRefusedUpFront_orCutOffWhenItHasNoLength() {
        JsonPath report = invoke(BatchJson.urls(faulty.url("/ok/declared-big/50000"),
                faulty.url("/chunked/undeclared-big/50000"), origin.url("/bytes/neighbour/9999"))
                .option("maxBytes", 10000).json());

        assertThat(report.getString("items[0].failure.kind")).isEqualTo("integrity");
        assertThat(report.getString("items[0].failure.message")).contains("Content-Length 50000");
        assertThat(report.getString("items[1].failure.kind")).isEqualTo("integrity");
        assertThat(report.getString("items[1].failure.message")).contains("passed the limit");
        assertThat(report.getString("items[2].status")).isEqualTo("stored");
        assertThat(bucket.exists(report.getString("items[1].key"))).isFalse();
    }

    private String twoUrls(String faultyUrl, String neighbour) {
        return BatchJson.urls(faultyUrl, origin.url("/bytes/" + neighbour + "/4321")).json();
    }

    private void assertNeighbourLanded(JsonPath report) {
        assertThat(report.getString("items[1].status")).as("the healthy URL beside the fault").isEqualTo("stored");
        assertThat(report.getString("items[1].sha256")).isEqualTo(Bodies.sha256("neighbour", 4321));
    }
}
