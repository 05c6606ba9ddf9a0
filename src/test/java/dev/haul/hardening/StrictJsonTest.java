package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 10: malformed JSON was accepted. Trailing content was ignored and the batch ran, of two concatenated
 * documents the second was dropped, duplicate keys silently took the last value. Each is refused, as the event, as an
 * API body and as a queue message, and nothing is fetched.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class StrictJsonTest extends HaulTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            trailing word        | {"urls": ["ORIGIN/bytes/sj-1/10"]} x                               | Unrecognized token 'x'
            two documents        | {"urls": ["ORIGIN/bytes/sj-2/10"]} {"urls": ["ORIGIN/bytes/sj-3/10"]} | Trailing token
            duplicate key        | {"urls": ["ORIGIN/bytes/sj-4/10"], "urls": ["ORIGIN/bytes/sj-5/10"]} | Duplicate field 'urls'
            duplicate item key   | {"items": [{"url": "ORIGIN/bytes/sj-6/10", "url": "ORIGIN/bytes/sj-7/10"}]} | Duplicate field 'url'
            trailing comma       | {"urls": ["ORIGIN/bytes/sj-8/10"]},                                | not valid JSON
            """)
    void malformedDocument_isRefusedEverywhere_andNothingIsFetched(String title, String document, String detail) {
        String json = document.replace("ORIGIN", origin.url(""));

        JsonPath asEvent = invoke(json);
        JsonPath asApi = invoke(Events.api("POST", "/batches", "application/json", json));
        JsonPath asMessage = invoke(Events.sqs(List.of(new Events.Message("sj-" + title.length(), json))));

        assertThat(asEvent.getInt("status")).isEqualTo(400);
        assertThat(asEvent.getString("detail")).contains(detail);
        assertThat(asApi.getInt("statusCode")).isEqualTo(400);
        assertThat(asApi.getString("body")).contains(detail);
        assertThat(asMessage.getList("batchItemFailures")).hasSize(1);
        assertThat(origin.requests()).as("requests the origin saw").isZero();
    }
}
