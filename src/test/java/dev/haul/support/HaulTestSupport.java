package dev.haul.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.restassured.path.json.JsonPath;

/**
 * What every end-to-end test shares: invoking Haul through the Lambda mock event server, the real servers, and the
 * checks that must hold after any batch, failed or not: an empty spool and no open multipart upload.
 */
public abstract class HaulTestSupport {

    protected static final Path SPOOL = Path.of("target/test-spool");

    protected S3Inspector bucket;
    protected FaultyOrigin origin;

    @BeforeEach
    void connect() {
        // The tests' own client, not Haul's: an integration test (*IT) has no CDI to inject Haul's.
        bucket = new S3Inspector(TestServers.s3Client(), TestServers.BUCKET);
        origin = TestServers.origin();
        origin.reset();
        TestServers.s3Proxy().clearRules();
        TestServers.s3Proxy().clearCounts();
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        // Haul makes its spool folder when it first spools; a run that fetched nothing has none, which is empty too.
        if (Files.isDirectory(SPOOL)) {
            try (Stream<Path> files = Files.list(SPOOL)) {
                assertThat(files.toList()).as("spool files left after the batch").isEmpty();
            }
        }
        assertThat(bucket.openUploads()).as("open multipart uploads left after the batch").isEmpty();
    }

    /** Invokes Haul with a raw event, as Lambda would, and returns its answer. */
    /** The status {@code GET /batches/{batchId}} answers, as its body. */
    protected static JsonPath status(String batchId) {
        JsonPath response = invoke(Events.api("GET", "/batches/" + batchId, null, null));
        return JsonPath.from(response.getString("body"));
    }

    /** The manifest a status names, read from the bucket. */
    protected JsonPath manifestOf(JsonPath status) {
        return JsonPath.from(bucket.text(status.getString("manifest.key")));
    }

    protected static JsonPath invoke(String event) {
        return given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
