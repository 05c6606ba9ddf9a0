package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 2: header values with control characters passed validation, and the HTTP client's error text (quoting the
 * value) went into the report, the manifest and the log; credential headers other than Authorization and Cookie
 * followed redirects to other hosts.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class SecretHeadersTest extends HaulTestSupport {

    private static final String SECRET = "Bearer s3cr3t-t0ken";

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0000", "000B", "000C", "007F", "0001", "001F", "00E9", "2028"})
    void headerValueWithACharacterOutsideRfc9110_refusesTheBatch_withoutQuotingTheValue(String codePoint) {
        String value = SECRET + (char) Integer.parseInt(codePoint, 16) + "tail";

        String answer = invoke(BatchJson.items(BatchJson.item(origin.url("/bytes/hdr-ctl/10"))
                .header("X-Token", value)).id("hdr-ctl-" + codePoint).json()).prettify();

        JsonPath problem = new JsonPath(answer);
        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("items[0].headers.X-Token");
        assertThat(answer).doesNotContain("s3cr3t");
        assertThat(bucket.exists("manifests/hdr-ctl-" + codePoint + ".json")).isFalse();
        assertThat(origin.requests()).isZero();
    }

    @Test
    void headerValueTooLong_orTooManyHeaderBytes_refusesTheBatch() {
        JsonPath one = invoke(BatchJson.items(BatchJson.item(origin.url("/bytes/hdr-long/10"))
                .header("X-Big", "a".repeat(5000))).json());
        BatchJson.Item many = BatchJson.item(origin.url("/bytes/hdr-many/10"));
        for (int i = 0; i < 5; i++) {
            many.header("X-H" + i, "b".repeat(3000));
        }
        JsonPath total = invoke(BatchJson.items(many).json());

        assertThat(one.getString("field")).isEqualTo("items[0].headers.X-Big");
        assertThat(total.getString("field")).isEqualTo("items[0].headers");
        assertThat(total.getString("detail")).contains("8192 bytes");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void plainVisibleHeaderValues_stillGoThrough() {
        JsonPath report = invoke(BatchJson.items(BatchJson.item(origin.url("/echo-headers?hop=plain"))
                .header("X-Token", "a b\tc~!").header("Accept", "*/*")).json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(origin.headersOf("/echo-headers?hop=plain").get(0)).containsEntry("x-token", "a b\tc~!");
    }

    @Test
    void credentialHeaders_areDroppedWhenARedirectLeavesTheHost_othersAreKept() {
        String viaOtherHost = origin.otherHostUrl("/redirect?to="
                + URLEncoder.encode(origin.url("/echo-headers?hop=cred-other"), StandardCharsets.UTF_8));
        String sameHost = origin.url("/redirect?to="
                + URLEncoder.encode(origin.url("/echo-headers?hop=cred-same"), StandardCharsets.UTF_8));
        Map<String, String> sent = Map.of("X-Api-Key", "k-1", "X-Auth-Token", "t-1", "X-Amz-Security-Token", "a-1",
                "X-Client-Secret", "c-1", "X-Session-Key", "s-1", "Authorization", "Bearer b-1", "Cookie", "n=1",
                "X-Trace", "keep-me");
        BatchJson.Item other = BatchJson.item(viaOtherHost);
        BatchJson.Item same = BatchJson.item(sameHost);
        sent.forEach(other::header);
        sent.forEach(same::header);

        invoke(BatchJson.items(other, same).json());

        assertThat(origin.headersOf("/echo-headers?hop=cred-other").get(0))
                .doesNotContainKeys("x-api-key", "x-auth-token", "x-amz-security-token", "x-client-secret",
                        "x-session-key", "authorization", "cookie")
                .containsEntry("x-trace", "keep-me");
        assertThat(origin.headersOf("/echo-headers?hop=cred-same").get(0))
                .containsEntry("x-api-key", "k-1").containsEntry("x-amz-security-token", "a-1")
                .containsEntry("authorization", "Bearer b-1").containsEntry("x-trace", "keep-me");
    }
}
