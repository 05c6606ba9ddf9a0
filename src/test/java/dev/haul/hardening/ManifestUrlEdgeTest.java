package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.core.async.AsyncRequestBody;

import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.S3RequestKind;
import dev.haul.support.TestServers;

/**
 * Finding 9: a {@code manifestUrl} pointing at a binary object made the handler throw with no problem document, and a
 * 400 MB object was read whole into memory before the size check. The size is now known before a byte is read, and
 * content that is not UTF-8 text is a clear error.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ManifestUrlEdgeTest extends HaulTestSupport {

    @Test
    void listLargerThanTheLimit_isRefusedWithoutReadingIt() {
        putBytes("lists/huge.txt", Bodies.bytes("huge-list", 0, 9 * 1024 * 1024));
        TestServers.s3Proxy().clearCounts();

        JsonPath problem = invoke(pointer("lists/huge.txt"));

        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("larger than the limit");
        assertThat(TestServers.s3Proxy().count(S3RequestKind.GET_OBJECT)).as("GETs of the list").isZero();
    }

    @Test
    void binaryList_isAClearError() {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
        putBytes("lists/image.png", binary);

        JsonPath problem = invoke(pointer("lists/image.png"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("manifestUrl");
        assertThat(problem.getString("detail")).contains("not UTF-8 text");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void listWithControlBytes_isAClearError() {
        putBytes("lists/nul.txt", (origin.url("/bytes/mu-nul/10") + "\n\u0000\u0001\n").getBytes(
                StandardCharsets.UTF_8));

        JsonPath problem = invoke(pointer("lists/nul.txt"));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("binary content");
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
