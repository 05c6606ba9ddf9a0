package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 7: in the dev loop {@code AWS_LAMBDA_RUNTIME_API} is unset, and a URL pointing at the mock event server's
 * {@code /_lambda_/.../invocation/next} fetched the next queued event into S3, so it never ran. The guard now takes
 * the mock event server's address from Quarkus's own configuration; this test runs against that very server, with
 * 127.0.0.1 allowed as in every test.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DevLoopRuntimeApiTest extends HaulTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"/_lambda_/2018-06-01/runtime/invocation/next", "/2018-06-01/runtime/invocation/next",
            "/_lambda_/2018-06-01/runtime/invocation/some-id/response", "/"})
    void urlOnTheMockEventServer_isBlockedAsTheRuntimeApi(String path) {
        int port = mockEventServerPort();

        JsonPath report = invoke(BatchJson.urls("http://127.0.0.1:" + port + path,
                "http://0x7f.1:" + port + path).json());

        for (int i = 0; i < 2; i++) {
            assertThat(report.getString("items[" + i + "].status")).isEqualTo("blocked");
            assertThat(report.getString("items[" + i + "].failure.message")).contains("the Lambda Runtime API");
        }
    }

    private static int mockEventServerPort() {
        String api = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        String hostPort = api.contains("/") ? api.substring(0, api.indexOf('/')) : api;
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
