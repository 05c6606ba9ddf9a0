package dev.haul.transfer;

import java.time.Duration;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.haul.model.FailureKind;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.PlannedItem;
import dev.haul.model.TransferException;
import dev.haul.store.StoredObject;

/**
 * Builds the {@link ItemResult} of one URL, whatever became of it: the one place that knows which fields each outcome
 * fills. Its clock starts when the transfer does, so every result carries how long the URL took.
 */
final class ItemResults {

    private final String url;
    private final String bucket;
    private final String key;
    private final long startNanos = System.nanoTime();

    ItemResults(PlannedItem planned, String bucket) {
        this.url = planned.item().url().toString();
        this.bucket = bucket;
        this.key = planned.key();
    }

    /** The body is in S3, byte-exact with what the origin sent. */
    ItemResult stored(StoredObject object, SpooledBody body, int attempts) {
        return new ItemResult(url, object.bucket(), object.key(), ItemStatus.STORED, body.bytes(), body.sha256Hex(),
                object.eTag(), object.versionId(), body.httpStatus(), attempts, elapsedMillis(), null, null);
    }

    /**
     * A redelivered batch had already stored this item: the object exists, written by this same batch, so it is neither
     * fetched nor written again. Its SHA-256 is in the manifest of the run that stored it.
     */
    ItemResult alreadyStored(HeadObjectResponse head) {
        return new ItemResult(url, bucket, key, ItemStatus.STORED, head.contentLength(), null, head.eTag(),
                head.versionId(), null, 0, elapsedMillis(), null, true);
    }

    /** Conditional refetch found the body unchanged (304): the existing object stays, nothing was written. */
    ItemResult unchanged(HeadObjectResponse head, int attempts) {
        return new ItemResult(url, bucket, key, ItemStatus.UNCHANGED, head.contentLength(), null, head.eTag(),
                head.versionId(), 304, attempts, elapsedMillis(), null, null);
    }

    /**
     * Nothing was stored; a URL the policy refused is {@code blocked}, any other failure {@code failed}. The status is
     * the one the failure names, else the origin's last ({@code lastStatus}, null when none answered).
     */
    ItemResult failed(TransferException failure, int attempts, Integer lastStatus) {
        ItemStatus status = failure.kind() == FailureKind.BLOCKED ? ItemStatus.BLOCKED : ItemStatus.FAILED;
        Integer httpStatus = failure.httpStatus() != null ? failure.httpStatus() : lastStatus;
        return new ItemResult(url, bucket, key, status, null, null, null, null, httpStatus, attempts, elapsedMillis(),
                failure.toFailure(), null);
    }

    private long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
