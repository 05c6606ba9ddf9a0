package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 6 (first half): an invalid base64 body got a 500. Also what a caller without a Content-Type gets (AWS's own
 * sample event carries none), and one declaring another type. The stalled admission HEAD is
 * {@link AdmissionProbeTest}.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ApiAnswersTest extends HaulTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "eyJ1cmxzIjpb", "====", "e30=\n\u0000"})
    void invalidBase64Body_is400_namingTheBody(String body) throws Exception {
        JsonPath response = invoke(base64Event(body));

        assertThat(response.getInt("statusCode")).isEqualTo(400);
        JsonPath problem = new JsonPath(response.getString("body"));
        assertThat(problem.getString("field")).isEqualTo("body");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void validBase64Body_isRead() throws Exception {
        String batch = BatchJson.urls(origin.url("/bytes/api-b64/10")).json();

        JsonPath response = invoke(base64Event(Base64.getEncoder().encodeToString(batch.getBytes(
                StandardCharsets.UTF_8))));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
    }

    @Test
    void base64BodyThatIsNotUtf8_is400() throws Exception {
        byte[] latin1 = "{\"urls\": [\"http://caf\u00e9.example/\"]}".getBytes(StandardCharsets.ISO_8859_1);

        JsonPath response = invoke(base64Event(Base64.getEncoder().encodeToString(latin1)));

        assertThat(response.getInt("statusCode")).isEqualTo(400);
        assertThat(response.getString("body")).contains("not valid UTF-8");
    }

    @Test
    void postWithoutContentType_isReadAsJson() {
        JsonPath response = invoke(Events.api("POST", "/batches", null,
                BatchJson.urls(origin.url("/bytes/api-noct/10")).json()));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "text/plain; x=json"})
    void postDeclaringAnotherType_is415(String contentType) {
        JsonPath response = invoke(Events.api("POST", "/batches", contentType,
                BatchJson.urls(origin.url("/bytes/api-415/10")).json()));

        assertThat(response.getInt("statusCode")).isEqualTo(415);
        assertThat(origin.requests()).isZero();
    }

    private String base64Event(String body) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Events.api("POST", "/batches", "application/json", "{}"));
        event.put("body", body).put("isBase64Encoded", true);
        return event.toString();
    }
}
