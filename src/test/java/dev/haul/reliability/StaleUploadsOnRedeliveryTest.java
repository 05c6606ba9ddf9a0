package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import dev.haul.store.KeyTemplate;
import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.Events;
import dev.haul.support.Events.Message;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.S3RequestKind;
import dev.haul.support.TestServers;

/**
 * A worker that died mid-transfer left a multipart upload open on an item's key; the queue then delivers the batch
 * again. The redelivery aborts that upload and stores the item; a first delivery asks S3 nothing about uploads.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class StaleUploadsOnRedeliveryTest extends HaulTestSupport {

    /** Haul's default key template and prefix, as the test profile leaves them. */
    private static final KeyTemplate KEYS = new KeyTemplate("{prefix}/{host}/{path}");

    private final S3AsyncClient s3 = TestServers.s3Client();

    @Test
    void redelivery_abortsTheUploadADeadWorkerLeftOnTheKey_andStoresTheItemByteExact() throws IOException {
        String batchId = "stale-redelivered";
        String url = origin.url("/bytes/stale-redelivered/70000");
        String key = KEYS.keyFor(URI.create(url), "fetched", batchId);
        String deadWorkersUpload = leaveUpload(key);
        TestServers.s3Proxy().clearCounts();

        JsonPath response = invoke(Events.sqs(List.of(new Message("m-stale-redelivered", batch(batchId, url), 2))));

        assertThat(response.getList("batchItemFailures")).isEmpty();
        JsonPath manifest = JsonPath.from(bucket.text("manifests/" + batchId + ".json"));
        assertThat(manifest.getString("items[0].status")).isEqualTo("stored");
        assertThat(manifest.getString("items[0].key")).as("the key the dead worker wrote to").isEqualTo(key);
        assertThat(bucket.openUploads()).extracting(MultipartUpload::uploadId).doesNotContain(deadWorkersUpload);
        assertThat(bucket.sha256(key)).isEqualTo(Bodies.sha256("stale-redelivered", 70000));
        assertThat(TestServers.s3Proxy().count(S3RequestKind.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
    }

    @Test
    void firstDelivery_listsNoUploads_andLeavesAnotherKeysUploadAlone() throws IOException {
        String batchId = "stale-first";
        String url = origin.url("/bytes/stale-first/2048");
        String unrelated = KEYS.keyFor(URI.create(origin.url("/bytes/someone-elses/2048")), "fetched", batchId);
        String unrelatedUpload = leaveUpload(unrelated);
        TestServers.s3Proxy().clearCounts();
        try {
            JsonPath response = invoke(Events.sqs(List.of(new Message("m-stale-first", batch(batchId, url), 1))));

            assertThat(response.getList("batchItemFailures")).isEmpty();
            assertThat(TestServers.s3Proxy().count(S3RequestKind.LIST_MULTIPART_UPLOADS)).isZero();
            assertThat(TestServers.s3Proxy().count(S3RequestKind.ABORT_MULTIPART_UPLOAD)).isZero();
            assertThat(bucket.openUploads()).extracting(MultipartUpload::uploadId).containsExactly(unrelatedUpload);
            String key = JsonPath.from(bucket.text("manifests/" + batchId + ".json")).getString("items[0].key");
            assertThat(bucket.sha256(key)).isEqualTo(Bodies.sha256("stale-first", 2048));
        } finally {
            // Not Haul's to clean: the test's own, so that nothing is left open after it.
            s3.abortMultipartUpload(r -> r.bucket(TestServers.BUCKET).key(unrelated).uploadId(unrelatedUpload)).join();
        }
    }

    /** What a worker killed mid-transfer leaves on {@code key}: an upload with one part, never completed. */
    private String leaveUpload(String key) {
        String id = s3.createMultipartUpload(r -> r.bucket(TestServers.BUCKET).key(key)).join().uploadId();
        s3.uploadPart(r -> r.bucket(TestServers.BUCKET).key(key).uploadId(id).partNumber(1),
                AsyncRequestBody.fromBytes(Bodies.bytes("a dead worker's part", 0, 4096))).join();
        return id;
    }

    private static String batch(String batchId, String url) {
        return BatchJson.urls(url).id(batchId).json();
    }
}
