package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 11: fields were checked after work was done. A prefix with NUL was downloaded and then refused by S3, one
 * with CR/LF was stored under a key holding CR/LF, '.' segments got through, generated keys over 1 024 bytes were
 * caught only by S3, and a bad port or host was reported per item instead of refusing the batch. Every such batch is
 * now refused whole, naming the field, and the origin sees no request, not even for the valid items beside it.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ValidateBeforeWorkTest extends HaulTestSupport {

    @ParameterizedTest(name = "prefix {0}")
    @ValueSource(strings = {"with\u0000nul", "with\r\nbreak", ".", "a/./b", "a/../b", "a//b", "tab\there",
            "nel\u0085", "del\u007f"})
    void badPrefix_refusesTheBatch_beforeAnythingIsFetched(String prefix) {
        JsonPath problem = invoke(BatchJson.urls(origin.url("/bytes/vb-p/10")).option("prefix", prefix).json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("options.prefix");
        assertThat(origin.requests()).isZero();
    }

    @ParameterizedTest(name = "key {0}")
    @ValueSource(strings = {"nel\u0085here", "c1\u009b", "bom\uFFFE", "end/", "a//b", "x\u0000"})
    void badExplicitKey_refusesTheBatch(String key) {
        JsonPath problem = invoke(BatchJson.items(BatchJson.item(origin.url("/bytes/vb-ok/10")),
                BatchJson.item(origin.url("/bytes/vb-k/10")).key(key)).json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("items[1].key");
        assertThat(origin.requests()).isZero();
    }

    @Test
    void generatedKeyOverS3sLimit_refusesTheBatch_namingTheItem() {
        // 700 two-byte characters: a URL of 4 200 characters, a key of 4 200 bytes once every byte is percent-encoded.
        String longPath = "/bytes/" + "%C3%A9".repeat(700);

        JsonPath problem = invoke(BatchJson.urls(origin.url("/bytes/vb-fine/10"), origin.url(longPath)).json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("items[1].url");
        assertThat(problem.getString("detail")).contains("1024");
        assertThat(origin.requests()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1:0/x           | outside 1-65535
            http://127.0.0.1:65536/x       | outside 1-65535
            http://127.0.0.1:99999999/x    | outside 1-65535
            http://1.2.3.4.5/x             | not a valid
            http://256.1.1.1/x             | not a valid IPv4
            http://[::1/x                  | not a valid
            http://a@b@127.0.0.1:1/x       | more than one '@'
            http://exa_mple..com/x         | not a valid host name
            """)
    void urlThatCanNeverBeFetched_refusesTheBatch(String url, String reason) {
        JsonPath problem = invoke(BatchJson.urls(origin.url("/bytes/vb-neighbour/10"), url).json());

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("urls[1]");
        assertThat(problem.getString("detail")).contains(reason);
        assertThat(origin.requests()).isZero();
    }
}
