package dev.haul.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.vertx.core.json.JsonObject;

/** The proxy's own plumbing, with {@link FaultyOrigin}'s echo route standing in for S3 so every header is visible. */
class S3FaultProxyForwardingTest {

    private static FaultyOrigin origin;
    private static S3FaultProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = new FaultyOrigin();
        proxy = new S3FaultProxy(URI.create(origin.url("")));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        origin.close();
    }

    @BeforeEach
    void forget() {
        origin.reset();
        proxy.clearRules();
        proxy.clearCounts();
    }

    @Test
    void forwardedRequest_keepsHostAuthorizationAndAmzHeadersExactly() throws IOException {
        try (RawClient client = RawClient.connect(proxy.port(), Duration.ofSeconds(10))) {
            client.send("GET /echo-headers?list-type=2&prefix=a%2Fb HTTP/1.1\r\nHost: bucket.s3.example:9000\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/s3/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=abc\r\n"
                    + "x-amz-date: 20250101T000000Z\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n");
            RawClient.Response answer = client.readResponse();
            assertThat(answer.status()).isEqualTo(200);
            JsonObject echoed = new JsonObject(new String(answer.body(), StandardCharsets.UTF_8));
            assertThat(echoed.getString("Host")).isEqualTo("bucket.s3.example:9000");
            assertThat(echoed.getString("Authorization")).endsWith("SignedHeaders=host;x-amz-date, Signature=abc");
            assertThat(echoed.getString("x-amz-date")).isEqualTo("20250101T000000Z");
            assertThat(echoed.getString("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        }
        assertThat(origin.requests("/echo-headers?list-type=2&prefix=a%2Fb")).as("raw URI kept").isEqualTo(1);
    }

    @Test
    void injectedError_after100Continue_drainsTheBody_andTheConnectionServesTheNextRequest() throws IOException {
        proxy.slowDown(1, S3RequestKind.PUT_OBJECT);
        try (RawClient client = RawClient.connect(proxy.port(), Duration.ofSeconds(10))) {
            client.send("PUT /bucket/key HTTP/1.1\r\nHost: h\r\nContent-Length: 300000\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(100);
            client.send(Bodies.bytes("upload", 0, 300_000));
            RawClient.Response refused = client.readResponse();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8))
                    .contains("<Code>SlowDown</Code>", "<Message>Please reduce your request rate.</Message>");

            client.send("GET /echo-headers HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);
        }
        assertThat(origin.requests()).as("the refused PUT never reached upstream").isEqualTo(1);
        assertThat(proxy.counts()).containsEntry(S3RequestKind.PUT_OBJECT, 1).containsEntry(S3RequestKind.OTHER, 1);
    }

    @ParameterizedTest(name = "{0} {1}?{2} -> {3}")
    @CsvSource(textBlock = """
            PUT,    /b/k,     '',                           PUT_OBJECT
            PUT,    /b/k,     partNumber=2&uploadId=u,      UPLOAD_PART
            PUT,    /b,       '',                           OTHER
            PUT,    /b/k,     tagging,                      OTHER
            POST,   /b/k,     uploads,                      CREATE_MULTIPART_UPLOAD
            POST,   /b/k,     uploadId=u,                   COMPLETE_MULTIPART_UPLOAD
            DELETE, /b/k,     uploadId=u,                   ABORT_MULTIPART_UPLOAD
            DELETE, /b/k,     '',                           OTHER
            GET,    /b/k,     uploadId=u,                   OTHER
            GET,    /b,       uploads&prefix=k,             LIST_MULTIPART_UPLOADS
            """)
    void requestKind_isToldByMethodAndQuery(String method, String path, String query, S3RequestKind expected) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] nameValue = pair.split("=", 2);
                parameters.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
            }
        }
        assertThat(S3RequestKind.of(method, path, parameters, false)).isEqualTo(expected);
    }
}
