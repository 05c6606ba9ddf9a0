package dev.haul.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.path.json.JsonPath;

import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 5: an event past the JSON parser's limits (deep nesting, a huge string, a number of a thousand digits)
 * threw a NullPointerException in the handler; through the dev loop it was an HTTP 500. Each must be a problem
 * document naming the limit.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class JsonLimitsTest extends HaulTestSupport {

    @ParameterizedTest(name = "nesting {0}")
    @ValueSource(ints = {33, 1001, 3000})
    void deeplyNestedEvent_isAProblem_notACrash(int depth) {
        JsonPath problem = invokeUnprinted("{\"urls\":" + "[".repeat(depth) + "]".repeat(depth) + "}");

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("type")).endsWith("invalid-json");
        assertThat(problem.getString("detail")).contains("nesting depth").doesNotContain("StreamReadConstraints");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void numberOfAThousandDigits_isAProblem() {
        JsonPath problem = invoke("{\"urls\":[\"" + origin.url("/bytes/jl-n/1") + "\"],\"options\":{\"maxBytes\":"
                + "9".repeat(1001) + "}}");

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("Number value length");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void eventLargerThanTheLimit_isRefusedUnparsed_with413() {
        JsonPath problem = invokeUnprinted("{\"urls\":[\"" + "a".repeat(7_000_000) + "\"]}");

        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("detail")).contains("larger than the limit of 6291456 bytes");
    }

    @Test
    void deepApiBody_isA400Response_notA500() {
        JsonPath response = invokeUnprinted(Events.api("POST", "/batches", "application/json",
                "{\"urls\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));

        assertThat(response.getInt("statusCode")).isEqualTo(400);
        assertThat(response.getString("body")).contains("nesting depth");
    }

    @Test
    void deepQueueMessage_isReportedAsFailed_andTheOtherMessageRuns() {
        JsonPath response = invokeUnprinted(Events.sqs(java.util.List.of(
                new Events.Message("jl-deep", "{\"urls\":" + "[".repeat(2000) + "]".repeat(2000) + "}"),
                new Events.Message("jl-fine", "{\"urls\":[\"" + origin.url("/bytes/jl-fine/10") + "\"]}"))));

        assertThat(response.getList("batchItemFailures.itemIdentifier")).containsExactly("jl-deep");
        assertThat(origin.requests("/bytes/jl-fine/10")).isEqualTo(1);
    }

    /**
     * As {@code invoke}, without RestAssured's pretty-printed request log, which it builds up front in case the test
     * fails: for JSON nested thousands deep that text grows with the square of the depth and fills the test's heap.
     */
    private static JsonPath invokeUnprinted(String event) {
        return given().config(RestAssured.config().logConfig(LogConfig.logConfig().enablePrettyPrinting(false)))
                .contentType("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                .extract().jsonPath();
    }
}
