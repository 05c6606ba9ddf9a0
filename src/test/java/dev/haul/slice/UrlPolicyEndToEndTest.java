package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
 * The URL policy through the whole pipeline. The test profile allows exactly 127.0.0.1 (where the test servers are);
 * every other loopback spelling must come back {@code blocked} without a request. Addresses outside loopback
 * (metadata, private ranges) are covered by the policy's own table tests, which use a fake resolver, so that a broken
 * guard can never send test traffic off this machine.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class UrlPolicyEndToEndTest extends HaulTestSupport {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.2", "2130706434", "0177.0.0.2", "0x7f.0.0.2", "0x7f000002", "127.2",
            "[::1]", "[::ffff:127.0.0.2]", "[::127.0.0.2]"})
    void loopbackSpellingsOutsideTheAllowList_areBlocked_withoutARequest(String host) {
        String url = "http://" + host + ":" + origin.port() + "/bytes/secret/100";

        JsonPath report = invoke(BatchJson.urls(url, origin.url("/bytes/allowed/100")).json());

        assertThat(report.getString("items[0].status")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.message")).containsAnyOf("loopback", "127.0.0.2", "::1");
        assertThat(report.getInt("counts.blocked")).isEqualTo(1);
        assertThat(report.getString("items[1].status")).as("the allowed URL beside it").isEqualTo("stored");
        assertThat(origin.requests()).as("requests the origin saw: only the allowed URL's").isEqualTo(1);
    }

    @Test
    void redirectToARefusedAddress_isBlockedAtThatHop() {
        String target = "http://127.0.0.2:" + origin.port() + "/bytes/secret/100";
        String url = origin.url("/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8));

        JsonPath report = invoke(BatchJson.urls(url).json());

        assertThat(report.getString("items[0].status")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.message")).contains("127.0.0.2");
        assertThat(origin.requests()).as("only the first hop reached the origin").isEqualTo(1);
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
    }

    @Test
    void nonHttpScheme_isRefusedWhenTheBatchIsRead() {
        JsonPath problem = invoke(BatchJson.urls("file:///etc/passwd").json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("urls[0]");
    }
}
