package dev.haul.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The proxy between the AWS SDK and a real S3 server (S3Mock): injected errors look like S3's to the SDK. */
class S3FaultProxyTest {

    private static final String BUCKET = "proxy-test";
    private static final int MIB = 1024 * 1024;
    /** Attempts per call, retries included; no backoff, so the tests do not wait. */
    private static final int ATTEMPTS = 3;

    private static S3FaultProxy proxy;
    private static S3AsyncClient s3;

    /** A proxy of this test's own in front of the suite's S3Mock, and a client that retries without waiting. */
    @BeforeAll
    static void start() throws Exception {
        proxy = new S3FaultProxy(TestServers.s3MockEndpoint());
        s3 = TestServers.s3ClientTo(proxy.endpoint())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(ATTEMPTS).backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build()))
                .build();
        s3.createBucket(r -> r.bucket(BUCKET)).join();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void forget() {
        proxy.clearRules();
        proxy.clearCounts();
    }

    @Test
    void multipartUpload_partTwoFailsOnce_isRetriedByTheSdk_andCompletesByteExact() throws Exception {
        proxy.failUploadPartOnce(2, 500);
        String key = "multipart-retried";
        String uploadId = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).join().uploadId();
        CompletedPart first = uploadPart(key, uploadId, 1, 0, 5 * MIB);
        CompletedPart second = uploadPart(key, uploadId, 2, 5 * MIB, MIB);
        s3.completeMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(first, second))).join();

        assertThat(proxy.counts()).isEqualTo(Map.of(S3RequestKind.PUT_OBJECT, 0, S3RequestKind.UPLOAD_PART, 3,
                S3RequestKind.CREATE_MULTIPART_UPLOAD, 1, S3RequestKind.COMPLETE_MULTIPART_UPLOAD, 1,
                S3RequestKind.ABORT_MULTIPART_UPLOAD, 0, S3RequestKind.LIST_MULTIPART_UPLOADS, 0,
                S3RequestKind.GET_OBJECT, 0, S3RequestKind.OTHER, 0));
        assertThat(new S3Inspector(s3, BUCKET).sha256(key)).isEqualTo(Bodies.sha256("mp-" + key, 6L * MIB));
    }

    @Test
    void completeMultipartUpload_failingMoreThanTheSdkRetries_surfacesTheError() {
        proxy.failCompleteMultipartUpload(10, 500);
        String key = "complete-fails";
        String uploadId = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).join().uploadId();
        CompletedPart only = uploadPart(key, uploadId, 1, 0, MIB);

        assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(only))).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(S3Exception.class)
                .hasMessageContaining("injected")
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(500));
        s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)).join();

        assertThat(proxy.counts()).containsEntry(S3RequestKind.COMPLETE_MULTIPART_UPLOAD, ATTEMPTS)
                .containsEntry(S3RequestKind.ABORT_MULTIPART_UPLOAD, 1);
        assertThat(s3.listMultipartUploads(r -> r.bucket(BUCKET)).join().uploads()).isEmpty();
    }

    @Test
    void putObject_slowDownOnce_isRetriedByTheSdk_andSucceeds() throws Exception {
        proxy.slowDown(1, S3RequestKind.PUT_OBJECT, S3RequestKind.UPLOAD_PART);
        String key = "slowed-down";
        s3.putObject(r -> r.bucket(BUCKET).key(key), AsyncRequestBody.fromBytes(Bodies.bytes(key, 0, 100_000))).join();

        assertThat(proxy.counts()).containsEntry(S3RequestKind.PUT_OBJECT, 2);
        assertThat(proxy.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
        assertThat(new S3Inspector(s3, BUCKET).sha256(key)).isEqualTo(Bodies.sha256(key, 100_000));
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, int offset, int length) {
        String etag = s3.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(number),
                AsyncRequestBody.fromBytes(Bodies.bytes("mp-" + key, offset, length))).join().eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }
}
