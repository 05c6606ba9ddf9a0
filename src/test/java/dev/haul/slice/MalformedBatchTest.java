package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
class MalformedBatchTest extends HaulTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON           | {"urls": ["ORIGIN/bytes/a/1"]               | invalid-json  |            | not valid JSON
            no items or urls       | {"batchId": "b1"}                            | invalid-batch | items      | is required
            URL that does not parse| {"urls": ["ORIGIN/bytes/a/1", "http://exa mple.org/x"]} | invalid-batch | urls[1] | not a valid URL
            URL without http(s)    | {"urls": ["ftp://example.org/x"]}            | invalid-batch | urls[0]    | http or https
            unknown root field     | {"urls": ["ORIGIN/bytes/a/1"], "colour": 1}  | invalid-batch | colour     | unknown field
            unknown item field     | {"items": [{"url": "ORIGIN/bytes/a/1", "kee": "x"}]} | invalid-batch | items[0].kee | unknown field
            URL too long           | {"urls": ["ORIGIN/LONGPATH"]}                | invalid-batch | urls[0]    | longer than 8192
            empty list             | {"urls": []}                                 | invalid-batch | urls       | at least one
            header with CR LF      | {"items": [{"url": "ORIGIN/bytes/a/1", "headers": {"X-A": "a\\r\\nX-B: b"}}]} | invalid-batch | items[0].headers.X-A | CR or LF
            Host header            | {"items": [{"url": "ORIGIN/bytes/a/1", "headers": {"Host": "evil.example"}}]} | invalid-batch | items[0].headers.Host | set by Haul
            header not allowed     | {"items": [{"url": "ORIGIN/bytes/a/1", "headers": {"Range": "bytes=0-"}}]} | invalid-batch | items[0].headers.Range | not an allowed request header
            sha256 too short       | {"items": [{"url": "ORIGIN/bytes/a/1", "sha256": "abc123"}]} | invalid-batch | items[0].sha256 | 64 hexadecimal digits
            sha256 not hex         | {"items": [{"url": "ORIGIN/bytes/a/1", "sha256": "SHA256SHA256SHA256SHA256SHA256SHA256SHA256SHA256SHA256SHA256SHA2"}]} | invalid-batch | items[0].sha256 | 64 hexadecimal digits
            sha256 not a string    | {"items": [{"url": "ORIGIN/bytes/a/1", "sha256": 7}]} | invalid-batch | items[0].sha256 | 64 hexadecimal digits
            made-up rejected lines | {"urls": ["ORIGIN/bytes/a/1"], "rejectedLines": [{"line": 3, "problem": "p"}]} | invalid-batch | rejectedLines | own queue messages only
            forged part            | {"urls": ["ORIGIN/bytes/a/1"], "part": {"index": 1, "count": 2}} | invalid-batch | part | own queue messages only
            two URLs, one key      | {"urls": ["ORIGIN/bytes/a/1", "ORIGIN/bytes/a/1"]} | invalid-batch | items[1] | same key
            """)
    void malformedBatch_isRefusedWithTheProblemNamed_andNothingIsFetched(String title, String event, String type,
            String field, String detail) {
        JsonPath problem = invoke(event.replace("ORIGIN", origin.url("")).replace("LONGPATH", "a".repeat(9000)));

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("type")).endsWith(type);
        assertThat(problem.getString("detail")).contains(detail);
        if (field != null) {
            assertThat(problem.getString("field")).isEqualTo(field);
        }
        assertThat(problem.getString("items")).as("no report for a refused batch").isNull();
        assertThat(origin.requests()).as("requests the origin saw").isZero();
    }
}
