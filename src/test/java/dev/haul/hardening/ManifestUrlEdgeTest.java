package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.core.async.AsyncRequestBody;

import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 9: a {@code manifestUrl} pointing at a binary object made the handler throw with no problem document, and a
 * 400 MB object was read whole into memory before the size check. Lists are now read as a stream: a text, CSV or JSON
 * Lines list is read only one item past the batch limit, a batch JSON only up to its byte limit, and content that is
 * not a list is a clear error.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ManifestUrlEdgeTest extends HaulTestSupport {

    @Test
    void batchJsonLargerThanTheLimit_isRefused() {
        putBytes("lists/huge.json", ("{\"urls\": [\"" + "x".repeat(9 * 1024 * 1024) + "\"]}").getBytes(
                StandardCharsets.UTF_8));

        JsonPath problem = invoke(pointer("lists/huge.json"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("larger than the limit");
    }

    @Test
    void binaryList_isAClearError() {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
        putBytes("lists/image.png", binary);

        JsonPath problem = invoke(pointer("lists/image.png"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("is not a URL list (line 1 is not valid UTF-8)");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void badLines_areReportedByNumber_andTheRestOfTheListRuns() {
        putBytes("lists/mixed.txt", (origin.url("/bytes/mu-good-1/10") + "\n\u0000\u0001\nftp://files.example/x\n"
                + origin.url("/bytes/mu-good-2/20") + "\n").getBytes(StandardCharsets.UTF_8));

        JsonPath report = invoke(pointer("lists/mixed.txt"));

        assertThat(report.getList("items.status")).containsExactly("stored", "stored");
        assertThat(report.getList("rejectedLines.line")).containsExactly(2, 3);
        assertThat(report.getString("rejectedLines[0].problem")).isEqualTo(
                "holds the control character U+0000 at column 1");
        assertThat(report.getString("rejectedLines[1].problem")).isEqualTo(
                "url: must be an http or https URL, got 'ftp'");
        assertThat(report.getInt("counts.total")).isEqualTo(2);
        JsonPath manifest = JsonPath.from(bucket.text(report.getString("manifest.key")));
        assertThat(manifest.getList("rejectedLines.line")).as("the manifest keeps them too").containsExactly(2, 3);
    }

    @Test
    void aCsvListWithOnlyItsHeader_isRefusedAsEmpty() {
        putBytes("lists/header-only.csv", "url,key\n".getBytes(StandardCharsets.UTF_8));

        JsonPath problem = invoke(pointer("lists/header-only.csv"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).endsWith("header-only.csv holds no item");
    }

    @Test
    void aListWithNoValidItem_isRefused_namingTheFirstBadLine() {
        putBytes("lists/all-bad.csv", "url\nftp://files.example/a\nnot a url\n".getBytes(StandardCharsets.UTF_8));

        JsonPath problem = invoke(pointer("lists/all-bad.csv"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("holds no valid item (line 2: url: must be an http or https");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void jsonListThatIsMalformed_isAClearError() {
        putBytes("lists/broken.json", "{\"urls\": [\"a\"], \"urls\": []}".getBytes(StandardCharsets.UTF_8));

        JsonPath problem = invoke(pointer("lists/broken.json"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("Duplicate field 'urls'");
    }

    @Test
    void missingList_isAClearError() {
        JsonPath problem = invoke(pointer("lists/not-there.txt"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("could not read");
    }

    @Test
    void gzippedCsvList_withKeysAndChecksums_runs() throws Exception {
        String csv = "url,key,sha256\n" + origin.url("/bytes/mu-csv-1/100") + ",csv/one.bin,"
                + Bodies.sha256("mu-csv-1", 100) + "\n" + origin.url("/bytes/mu-csv-2/200") + ",,\n";
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(csv.getBytes(StandardCharsets.UTF_8));
        }
        putBytes("lists/nightly.csv.gz", compressed.toByteArray());

        JsonPath report = invoke(pointer("lists/nightly.csv.gz"));

        assertThat(report.getList("items.status")).containsExactly("stored", "stored");
        assertThat(report.getString("items[0].key")).endsWith("/csv/one.bin");
        assertThat(report.getString("items[1].sha256")).isEqualTo(Bodies.sha256("mu-csv-2", 200));
    }

    @Test
    void textListWithinTheLimit_stillRuns() {
        putBytes("lists/fine.txt", ("# nightly\n" + origin.url("/bytes/mu-fine/10") + "\n").getBytes(
                StandardCharsets.UTF_8));

        JsonPath report = invoke(pointer("lists/fine.txt"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
    }

    private static String pointer(String key) {
        return "{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/" + key + "\"}";
    }

    private static void putBytes(String key, byte[] bytes) {
        TestServers.s3Client().putObject(r -> r.bucket(TestServers.BUCKET).key(key), AsyncRequestBody.fromBytes(
                bytes)).join();
    }
}
