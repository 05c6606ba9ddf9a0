package dev.haul.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import dev.haul.support.S3FaultProxy;
import dev.haul.support.S3RequestKind;
import dev.haul.support.TestServers;

/**
 * {@link StaleUploads} against S3Mock, through the fault proxy: which uploads it aborts, where its listing stops, and
 * that failures only cost the clean-up. S3Mock keeps one upload per key (aborting a second one of the same key fails
 * there), so every test leaves at most one upload per key, in a bucket of this test's own.
 */
class StaleUploadsTest {

    private static final String BUCKET = "stale-uploads-test";

    /** Long after every upload a test makes: all of them count as left by an earlier delivery. */
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));

    private final S3AsyncClient s3 = TestServers.s3Client();
    private final S3FaultProxy proxy = TestServers.s3Proxy();
    private String key;

    @BeforeAll
    static void bucket() {
        TestServers.s3Client().createBucket(r -> r.bucket(BUCKET)).join();
    }

    @BeforeEach
    void keyOfThisTest(TestInfo test) {
        key = "stale-uploads-test/" + test.getTestMethod().orElseThrow().getName();
        proxy.clearRules();
        proxy.clearCounts();
    }

    @AfterEach
    void abortWhatIsLeft() {
        proxy.clearRules();
        for (MultipartUpload upload : openUploads("stale-uploads-test/")) {
            s3.abortMultipartUpload(r -> r.bucket(BUCKET).key(upload.key()).uploadId(upload.uploadId()))
                    .join();
        }
    }

    @Test
    void onlyTheKeysOwnUpload_isAborted_andTheListingStopsAtTheNextKey() {
        leaveUpload(key);
        leaveUpload(key + "-longer");
        leaveUpload(key + "/under");

        int aborted = new StaleUploads(s3, BUCKET, 1).abortLeftBefore(key, LATER).await().indefinitely();

        assertThat(aborted).isEqualTo(1);
        assertThat(proxy.count(S3RequestKind.LIST_MULTIPART_UPLOADS))
                .as("pages of one: the key's upload, then the page that reaches the next key").isEqualTo(2);
        assertThat(openUploads(key)).extracting(MultipartUpload::key)
                .containsExactlyInAnyOrder(key + "-longer", key + "/under");
    }

    @Test
    void anUploadInitiatedWhenTheDeliveryBeganOrLater_isLeftAlone() {
        leaveUpload(key);
        Instant initiated = openUploads(key).get(0).initiated();

        int atTheStart = stale().abortLeftBefore(key, initiated).await().indefinitely();
        assertThat(atTheStart).isZero();
        assertThat(openUploads(key)).hasSize(1);

        int justAfter = stale().abortLeftBefore(key, initiated.plusMillis(1)).await().indefinitely();
        assertThat(justAfter).isEqualTo(1);
        assertThat(openUploads(key)).isEmpty();
    }

    @Test
    void aRefusedListing_abortsNothing_andDoesNotFail() {
        leaveUpload(key);
        proxy.inject(call -> call.kind() == S3RequestKind.LIST_MULTIPART_UPLOADS, 1, 403);

        int aborted = stale().abortLeftBefore(key, LATER).await().indefinitely();

        assertThat(aborted).isZero();
        assertThat(openUploads(key)).hasSize(1);
    }

    @Test
    void aRefusedAbort_isLogged_andDoesNotFail() {
        leaveUpload(key);
        proxy.inject(call -> call.kind() == S3RequestKind.ABORT_MULTIPART_UPLOAD, 1, 403);

        int aborted = stale().abortLeftBefore(key, LATER).await().indefinitely();

        assertThat(aborted).isZero();
        assertThat(openUploads(key)).hasSize(1);
    }

    private StaleUploads stale() {
        return new StaleUploads(s3, BUCKET, StaleUploads.PAGE_SIZE);
    }

    /** What a worker that died mid-transfer leaves: an upload with one part and no completion. */
    private void leaveUpload(String uploadKey) {
        String id = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(uploadKey)).join().uploadId();
        s3.uploadPart(r -> r.bucket(BUCKET).key(uploadKey).uploadId(id).partNumber(1),
                AsyncRequestBody.fromString("the first part of a body that never arrived")).join();
    }

    private List<MultipartUpload> openUploads(String prefix) {
        return s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix(prefix)).join().uploads();
    }
}
