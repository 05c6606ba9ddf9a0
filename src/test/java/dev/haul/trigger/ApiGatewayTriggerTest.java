package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.services.sqs.model.Message;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ApiGatewayTriggerTest extends QueueingTestSupport {

    @Test
    void postSmallBatch_runsWhileTheCallerWaits_andAnswers200WithTheReport() {
        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                batch("api-sync", origin.url("/bytes/api-a/100"), origin.url("/bytes/api-b/200"))));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
        JsonPath report = body(response);
        assertThat(report.getString("batchId")).isEqualTo("api-sync");
        assertThat(report.getInt("counts.stored")).isEqualTo(2);
        assertThat(bucket.exists(report.getString("items[1].key"))).isTrue();
    }

    @Test
    void postWithAFailingUrl_stillAnswers200_withTheFailureInItsItem() {
        JsonPath report = body(invoke(Events.api("POST", "/batches", "application/json",
                batch("api-partial", origin.url("/bytes/api-c/100"), origin.url("/status/404")))));

        assertThat(report.getInt("counts.stored")).isEqualTo(1);
        assertThat(report.getInt("counts.failed")).isEqualTo(1);
        assertThat(report.getString("items[1].failure.kind")).isEqualTo("http-status");
    }

    @Test
    void postOfASingleUrl_runsLikeABatchOfOne() {
        String single = "{\"url\": \"" + origin.url("/bytes/api-single/300") + "\"}";

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json", single));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
        JsonPath report = body(response);
        assertThat(report.getInt("counts.total")).isEqualTo(1);
        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getLong("items[0].bytes")).isEqualTo(300);
        assertThat(bucket.exists(report.getString("items[0].key"))).isTrue();
    }

    @Test
    void postOfAManifestUrl_fetchesTheListStoredInS3() {
        bucket.put("lists/api-list.txt", "# two files\n" + origin.url("/bytes/api-list-1/10") + "\n"
                + origin.url("/bytes/api-list-2/20") + "\n");
        String pointer = "{\"batchId\": \"api-list\", \"manifestUrl\": \"s3://" + TestServers.BUCKET
                + "/lists/api-list.txt\"}";

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json", pointer));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
        JsonPath report = body(response);
        assertThat(report.getString("batchId")).isEqualTo("api-list");
        assertThat(report.getInt("counts.stored")).isEqualTo(2);
        assertThat(report.getList("items.url")).containsExactly(origin.url("/bytes/api-list-1/10"),
                origin.url("/bytes/api-list-2/20"));
        assertThat(bucket.exists("manifests/api-list.json")).isTrue();
    }

    @Test
    void postOfAManifestUrlThatDoesNotExist_isA400NamingTheField() {
        String pointer = "{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/lists/not-there.txt\"}";

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json", pointer));

        assertThat(response.getInt("statusCode")).isEqualTo(400);
        assertThat(body(response).getString("field")).isEqualTo("manifestUrl");
        assertThat(body(response).getString("detail")).contains("could not read", "lists/not-there.txt");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void postLargeBatch_isQueuedAsSeveralMessages_whoseItemsAllLandWhenProcessed() {
        String[] urls = IntStream.range(0, 12).mapToObj(i -> origin.url("/bytes/queued-" + i + "/" + (100 + i)))
                .toArray(String[]::new);
        JsonPath response = invoke(Events.api("POST", "/batches", "application/json", batch("api-queued", urls)));

        assertThat(response.getInt("statusCode")).isEqualTo(202);
        JsonPath accepted = body(response);
        int messages = accepted.getInt("messages");
        assertThat(accepted.getString("status")).isEqualTo("queued");
        assertThat(messages).as("messages for 12 URLs with a 1500-byte message limit").isGreaterThan(1);
        assertThat(accepted.getString("manifest.key")).isEqualTo("manifests/api-queued.json");
        assertThat(origin.requests()).as("the API itself fetches nothing of a queued batch").isZero();
        JsonPath waiting = status("api-queued");
        assertThat(waiting.getString("state")).isEqualTo("queued");
        assertThat(waiting.getInt("parts.total")).isEqualTo(messages);
        assertThat(waiting.getInt("items")).isEqualTo(12);
        assertThat(waiting.getInt("counts.total")).isZero();

        List<Message> received = receiveAll(messages);
        assertThat(received).hasSize(messages);
        JsonPath sqsResponse = invoke(Events.sqs(received.stream()
                .map(m -> new Events.Message(m.messageId(), m.body())).toList()));
        received.forEach(this::delete);

        assertThat(sqsResponse.getList("batchItemFailures")).isEmpty();
        JsonPath done = status("api-queued");
        assertThat(done.getString("state")).isEqualTo("done");
        assertThat(done.getInt("counts.stored")).isEqualTo(12);
        assertThat(done.getInt("parts.finished")).isEqualTo(messages);
        assertThat(done.getString("manifest.key")).isEqualTo("manifests/api-queued.json");
        JsonPath manifest = manifestOf(done);
        assertThat(manifest.getInt("counts.stored")).isEqualTo(12);
        assertThat(manifest.getList("items.url")).containsExactly((Object[]) urls);
        for (int i = 0; i < 12; i++) {
            assertThat(bucket.exists(manifest.getString("items[" + i + "].key"))).isTrue();
        }
    }

    @Test
    void aQueuedListWithBadLines_reportsThemOnce_inTheMergedManifest() {
        StringBuilder list = new StringBuilder("url\n");
        for (int i = 0; i < 12; i++) {
            list.append(origin.url("/bytes/list-queued-" + i + "/" + (100 + i))).append('\n');
            if (i == 5) {
                list.append("gopher://files.example/x\n");
            }
        }
        bucket.put("lists/queued.csv", list.toString());
        String pointer = "{\"batchId\": \"api-list-queued\", \"manifestUrl\": \"s3://" + TestServers.BUCKET
                + "/lists/queued.csv\"}";

        JsonPath accepted = body(invoke(Events.api("POST", "/batches", "application/json", pointer)));
        assertThat(accepted.getString("status")).isEqualTo("queued");
        assertThat(accepted.getInt("messages")).isGreaterThan(1);
        List<Message> received = receiveAll(accepted.getInt("messages"));
        invoke(Events.sqs(received.stream().map(m -> new Events.Message(m.messageId(), m.body())).toList()));
        received.forEach(this::delete);

        JsonPath done = status("api-list-queued");
        assertThat(done.getInt("counts.rejectedLines")).isEqualTo(1);
        JsonPath manifest = manifestOf(done);
        assertThat(manifest.getInt("counts.stored")).isEqualTo(12);
        assertThat(manifest.getList("rejectedLines.line")).as("line 8 of the CSV, once").containsExactly(8);
        assertThat(manifest.getString("rejectedLines[0].problem")).contains("url: must be an http or https URL");
    }

    @Test
    void postBatchWhoseOriginsDeclareMoreBytesThanTheSyncLimit_isQueuedWithoutFetchingItsBodies() {
        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                batch("api-heavy", origin.url("/bytes/heavy/100000000"))));

        assertThat(response.getInt("statusCode")).isEqualTo(202);
        assertThat(body(response).getInt("messages")).isEqualTo(1);
        assertThat(origin.requests()).as("one HEAD to learn the size, no GET").isEqualTo(1);
    }

    @Test
    void getOfAStoredBatch_returnsItsStatus_andOfAnUnknownBatch_a404Problem() {
        invoke(Events.api("POST", "/batches", "application/json", batch("api-get", origin.url("/bytes/api-g/10"))));

        JsonPath found = invoke(Events.api("GET", "/batches/api-get", null, null));
        assertThat(found.getInt("statusCode")).isEqualTo(200);
        assertThat(body(found).getString("state")).isEqualTo("done");
        assertThat(body(found).getInt("counts.stored")).isEqualTo(1);
        assertThat(body(found).getInt("counts.bytes")).isEqualTo(10);
        assertThat(manifestOf(body(found)).getString("items[0].status")).isEqualTo("stored");

        JsonPath missing = invoke(Events.api("GET", "/batches/never-heard-of-it", null, null));
        assertThat(missing.getInt("statusCode")).isEqualTo(404);
        assertThat(missing.getString("headers.Content-Type")).isEqualTo("application/problem+json");
        assertThat(body(missing).getString("detail")).contains("never-heard-of-it");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON     | POST   | /batches        | application/json | {"urls": [        | 400 | invalid-json           |
            invalid field    | POST   | /batches        | application/json | {"urls": ["ftp://x/y"]} | 400 | invalid-batch | urls[0]
            too many items   | POST   | /batches        | application/json | MANY             | 413 | too-large              | urls
            body too large   | POST   | /batches        | application/json | HUGE             | 413 | too-large              |
            not JSON         | POST   | /batches        | text/plain       | https://x.org/a  | 415 | unsupported-media-type | Content-Type
            unknown route    | GET    | /nothing        |                  |                  | 404 | not-found              |
            wrong method     | DELETE | /batches        |                  |                  | 405 | method-not-allowed     |
            wrong method, id | POST   | /batches/b1     | application/json | {}               | 405 | method-not-allowed     |
            """)
    void badRequests_getAProblemDocument_andNothingIsFetched(String title, String method, String path,
            String contentType, String body, int status, String type, String field) {
        String payload = body == null ? null : switch (body) {
            case "MANY" -> batch("too-many", IntStream.range(0, 1001).mapToObj(i -> "https://x.org/" + i)
                    .toArray(String[]::new));
            case "HUGE" -> "{\"urls\": [\"https://x.org/" + "a".repeat(70_000) + "\"]}";
            default -> body;
        };
        JsonPath response = invoke(Events.api(method, path, contentType, payload));

        assertThat(response.getInt("statusCode")).isEqualTo(status);
        assertThat(response.getString("headers.Content-Type")).isEqualTo("application/problem+json");
        JsonPath problem = body(response);
        assertThat(problem.getString("type")).endsWith(type);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        if (field != null) {
            assertThat(problem.getString("field")).isEqualTo(field);
        }
        if (status == 405) {
            assertThat(response.getString("headers.Allow")).isNotBlank();
        }
        assertThat(origin.requests()).isZero();
    }

    private static JsonPath body(JsonPath apiResponse) {
        return JsonPath.from(apiResponse.getString("body"));
    }

    private static String batch(String batchId, String... urls) {
        return BatchJson.urls(urls).id(batchId).json();
    }
}
