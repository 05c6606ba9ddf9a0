package dev.haul.hardening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 12, the smaller ones: URLs with several '@' crashed the HTTP client (reported as connection-lost and
 * retried); refused redirects got the wrong reason; overlong UTF-8 and U+0085 were accepted in keys. (Non-ASCII and
 * oversized header values are in {@link SecretHeadersTest}, the local tool's exit code in its own package.)
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class SmallerFindingsTest extends HaulTestSupport {

    @ParameterizedTest(name = "Location {0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://a@b@127.0.0.1:PORT/bytes/sf-at/10 | more than one '@'
            http:///bytes/sf-nohost/10               | no host
            http://[zz]/x                            | invalid Location
            http://127.0.0.1:0/x                     | outside 1-65535
            ftp://127.0.0.1/x                        | not http(s): ftp
            """)
    void redirectThatCanNeverBeFollowed_failsAsRedirect_withTheRealReason(String location, String reason) {
        String to = location.replace("PORT", Integer.toString(origin.port()));
        String url = origin.url("/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));

        JsonPath report = invoke(BatchJson.urls(url).json());

        assertThat(report.getString("items[0].failure.kind")).isEqualTo("redirect");
        assertThat(report.getString("items[0].failure.message")).contains(reason);
        assertThat(report.getInt("items[0].attempts")).as("not retried").isEqualTo(1);
        assertThat(origin.requests("/bytes/sf-at/10")).isZero();
    }

    @Test
    void urlWithSeveralAts_isRefusedBeforeAnyRequest() {
        JsonPath problem = invoke(BatchJson.urls("http://user@evil.example@127.0.0.1:" + origin.port()
                + "/bytes/sf-ats/10").json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("more than one '@'");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void overlongUtf8InAKey_isInvalidUtf8() throws Exception {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        event.write(("{\"items\": [{\"url\": \"" + origin.url("/bytes/sf-ol/10") + "\", \"key\": \"a")
                .getBytes(StandardCharsets.UTF_8));
        event.write(new byte[]{(byte) 0xC0, (byte) 0xAF}); // an overlong '/'
        event.write("etc\"}]}".getBytes(StandardCharsets.UTF_8));

        JsonPath problem = given().contentType("application/json").body(event.toByteArray())
                .when().post().then().statusCode(200).extract().jsonPath();

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).contains("not valid UTF-8");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void nextLineCharacterInAKey_isRefused() {
        JsonPath problem = invoke(BatchJson.items(BatchJson.item(origin.url("/bytes/sf-nel/10")).key("a\u0085b"))
                .json());

        assertThat(problem.getString("field")).isEqualTo("items[0].key");
        assertThat(problem.getString("detail")).contains("U+0085");
    }
}
