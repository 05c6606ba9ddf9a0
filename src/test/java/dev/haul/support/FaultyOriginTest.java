package dev.haul.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class FaultyOriginTest {

    private static final Duration SILENCE = Duration.ofMillis(300);
    private static FaultyOrigin origin;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        origin = new FaultyOrigin();
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close();
    }

    @BeforeEach
    void forget() {
        origin.reset();
    }

    @Test
    void ok_rangeWithMatchingIfRange_answers206WithTheRest_andMismatchAnswersFull200() throws Exception {
        HttpResponse<byte[]> full = get("/ok/plain/5000");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(Bodies.bytes("plain", 0, 5000));
        assertThat(full.headers().firstValue("ETag")).hasValue("\"plain-5000\"");
        assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(full.headers().firstValue("Last-Modified")).isPresent();

        HttpResponse<byte[]> rest = get("/ok/plain/5000", "Range", "bytes=1200-", "If-Range", "\"plain-5000\"");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 1200-4999/5000");
        assertThat(rest.body()).isEqualTo(Bodies.bytes("plain", 1200, 3800));

        HttpResponse<byte[]> stale = get("/ok/plain/5000", "Range", "bytes=1200-", "If-Range", "\"other\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(5000);
        assertThat(get("/ok/plain/5000", "Range", "bytes=5000-").statusCode()).isEqualTo(416);
        assertThat(origin.requests("/ok/plain/5000")).isEqualTo(4);
        assertThat(origin.headersOf("/ok/plain/5000").get(1)).containsEntry("range", "bytes=1200-");
        assertThat(origin.headersOf("/ok/plain/5000").get(0)).doesNotContainKey("Range");
    }

    @Test
    void resetMid_sendsHalfThenRst_andAResumedRangeGets206WithTheRemainingBytes() throws Exception {
        String path = "/reset-mid/resume/200000?times=1";
        RawClient.Received first = RawClient.exchange(origin.port(), SILENCE, "GET " + path
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(first.ending()).isEqualTo(RawClient.Ending.RESET);
        assertThat(first.head()).contains("Content-Length: 200000", "ETag: \"resume-200000\"", "Accept-Ranges: bytes");
        int received = first.body().length;
        assertThat(received).isPositive().isLessThanOrEqualTo(100_000);
        assertThat(first.body()).isEqualTo(Bodies.bytes("resume", 0, received));

        HttpResponse<byte[]> rest = get(path, "Range", "bytes=" + received + "-", "If-Range", "\"resume-200000\"");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes " + received + "-199999/200000");
        assertThat(rest.body()).isEqualTo(Bodies.bytes("resume", received, 200_000 - received));
        assertThat(origin.requests(path)).isEqualTo(2);
        assertThat(origin.headersOf(path).get(1)).containsEntry("If-Range", "\"resume-200000\"");
    }

    @Test
    void resetMidChanged_laterRequestsIgnoreIfRange_andServeTheChangedFileInFull() throws Exception {
        String path = "/reset-mid-changed/moving/10000";
        assertThat(RawClient.exchange(origin.port(), SILENCE, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").ending())
                .isEqualTo(RawClient.Ending.RESET);

        HttpResponse<byte[]> again = get(path, "Range", "bytes=5000-", "If-Range", "\"moving-10000\"");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("ETag")).hasValue("\"moving-v2-10000\"");
        assertThat(again.body()).isEqualTo(Bodies.bytes(FaultyOrigin.changedName("moving"), 0, 10000));
    }

    @Test
    void stalls_keepTheSocketOpenAndSilent() throws Exception {
        RawClient.Received none = RawClient.exchange(origin.port(), SILENCE,
                "GET /stall-before-headers/100 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(none.ending()).isEqualTo(RawClient.Ending.SILENCE);
        assertThat(none.head()).isEmpty();

        RawClient.Received headersOnly = RawClient.exchange(origin.port(), SILENCE,
                "GET /headers-then-nothing/100 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(headersOnly.ending()).isEqualTo(RawClient.Ending.SILENCE);
        assertThat(headersOnly.head()).startsWith("HTTP/1.1 200").contains("Content-Length: 100");
        assertThat(headersOnly.body()).isEmpty();

        RawClient.Received half = RawClient.exchange(origin.port(), SILENCE,
                "GET /stall-mid/stuck/20000 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(half.ending()).isEqualTo(RawClient.Ending.SILENCE);
        assertThat(half.body()).isEqualTo(Bodies.bytes("stuck", 0, 10000));
    }

    @Test
    void shortBody_endsWithAFinAfterHalf_andLongBodyOverrunsItsLength() throws Exception {
        RawClient.Received cut = RawClient.exchange(origin.port(), SILENCE,
                "GET /short/cut/30000 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(cut.ending()).isEqualTo(RawClient.Ending.FIN);
        assertThat(cut.head()).contains("Content-Length: 30000");
        assertThat(cut.body()).isEqualTo(Bodies.bytes("cut", 0, 15000));

        RawClient.Received overrun = RawClient.exchange(origin.port(), SILENCE,
                "GET /long/over/30000 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(overrun.ending()).isEqualTo(RawClient.Ending.FIN);
        assertThat(overrun.head()).contains("Content-Length: 30000", "Connection: close");
        assertThat(overrun.body()).isEqualTo(Bodies.bytes("over", 0, 31000));
    }

    @Test
    void retryAfter_answers503WithSecondsOrDate_thenTheBody() throws Exception {
        HttpResponse<byte[]> busy = get("/retry-after/later/100?times=2&after=7");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(get("/retry-after/later/100?times=2&after=7").statusCode()).isEqualTo(503);
        HttpResponse<byte[]> ok = get("/retry-after/later/100?times=2&after=7");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(Bodies.bytes("later", 0, 100));

        String dated = get("/retry-after/later/100?times=1&after=120&date=true").headers().firstValue("Retry-After")
                .orElseThrow();
        ZonedDateTime when = ZonedDateTime.parse(dated, DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(Duration.between(ZonedDateTime.now(), when))
                .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
    }

    @Test
    void statusStorm_answersTheStatusTimesTimes_thenOk() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/status-storm/500?times=3").statusCode()).isEqualTo(500);
        }
        assertThat(get("/status-storm/500?times=3").statusCode()).isEqualTo(200);
        origin.reset();
        assertThat(get("/status-storm/500?times=3").statusCode()).as("reset restarts the script").isEqualTo(500);
        assertThat(get("/status/418").statusCode()).isEqualTo(418);
    }

    @Test
    void gzip_servesExactlyTheBytesOfTheShaHelper_whichInflateToTheBody() throws Exception {
        HttpResponse<byte[]> response = get("/gzip/packed/50000");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(response.body().length));
        assertThat(HexFormat.of().formatHex(Bodies.newDigest().digest(response.body())))
                .isEqualTo(FaultyOrigin.gzipSha256("packed", 50000));
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(inflated.readAllBytes()).isEqualTo(Bodies.bytes("packed", 0, 50000));
        }
    }

    @Test
    void chunked_hasNoLength_andDecodesToTheBody() throws Exception {
        RawClient.Received raw = RawClient.exchange(origin.port(), SILENCE,
                "GET /chunked/pieces/70000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(raw.head()).contains("Transfer-Encoding: chunked").doesNotContain("Content-Length");
        assertThat(get("/chunked/pieces/70000").body()).isEqualTo(Bodies.bytes("pieces", 0, 70000));
    }

    @Test
    void echoHeaders_answersTheRequestHeadersAsJson_andTheyAreRecorded() throws Exception {
        HttpResponse<byte[]> response = get("/echo-headers", "Authorization", "Bearer secret", "X-Trace", "t-1");
        JsonObject json = new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(json.getString("Authorization")).isEqualTo("Bearer secret");
        assertThat(json.getString("X-Trace")).isEqualTo("t-1");
        assertThat(origin.headersOf("/echo-headers")).singleElement()
                .satisfies(headers -> assertThat(headers).containsEntry("authorization", "Bearer secret"));
    }

    @Test
    void cond_answers304ForTheEtagOrAnUnchangedDate_else200() throws Exception {
        String lastModified = get("/cond/kept/100").headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/cond/kept/100", "If-None-Match", "\"kept-100\"").statusCode()).isEqualTo(304);
        assertThat(get("/cond/kept/100", "If-None-Match", "\"old\"").statusCode()).isEqualTo(200);
        assertThat(get("/cond/kept/100", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get("/cond/kept/100", "If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode())
                .isEqualTo(200);
    }

    @Test
    void redirects_loopChainAndOtherHost_pointWhereTheySay() throws Exception {
        assertThat(location("/redirect-loop/0")).isEqualTo(origin.url("/redirect-loop/1"));
        assertThat(location("/redirect-loop/1")).isEqualTo(origin.url("/redirect-loop/0"));

        String target = "http://localhost:" + origin.port() + "/ok/far/10";
        String chain = "/redirect-chain/3?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> end = following.send(HttpRequest.newBuilder(URI.create(origin.url(chain))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(end.statusCode()).isEqualTo(200);
        assertThat(origin.requests("/redirect-chain/3") + origin.requests("/redirect-chain/2")
                + origin.requests("/redirect-chain/1")).as("three redirects in all").isEqualTo(3);
        assertThat(location("/redirect-other-host?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8)))
                .isEqualTo(target);
    }

    @Test
    void keepAlive_answersSeveralRequestsOnOneConnection_inOrder() throws Exception {
        RawClient.Received pipelined = RawClient.exchange(origin.port(), SILENCE,
                "GET /ok/a/10 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "HEAD /ok/b/20 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /status/418 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(pipelined.ending()).isEqualTo(RawClient.Ending.FIN);
        assertThat(pipelined.head()).contains("ETag: \"a-10\"");
        String all = new String(pipelined.body(), StandardCharsets.ISO_8859_1);
        assertThat(all).contains("ETag: \"b-20\"", "HTTP/1.1 204").endsWith("status 418");
        assertThat(origin.requests()).isEqualTo(4);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin.url(path)))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String location(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
