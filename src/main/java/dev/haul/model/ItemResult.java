package dev.haul.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The outcome of one URL of a batch. {@code sha256} is the hex SHA-256 of the bytes stored, {@code s3ETag} and
 * {@code s3VersionId} are what S3 answered; {@code httpStatus} is the origin's last status, {@code failure} is set
 * exactly when {@code status} is {@code failed}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(
        String url,
        String bucket,
        String key,
        ItemStatus status,
        Long bytes,
        String sha256,
        String s3ETag,
        String s3VersionId,
        Integer httpStatus,
        int attempts,
        long durationMs,
        Failure failure,
        Boolean alreadyStored) {

    public static ItemResult stored(String url, String bucket, String key, long bytes, String sha256, String s3ETag,
            String s3VersionId, int httpStatus, int attempts, long durationMs) {
        return new ItemResult(url, bucket, key, ItemStatus.STORED, bytes, sha256, s3ETag, s3VersionId, httpStatus,
                attempts, durationMs, null, null);
    }

    /**
     * An item a redelivered message had already stored: its object exists, written by this same batch, so it is
     * neither fetched nor written again. The SHA-256 is in the manifest of the run that stored it.
     */
    public static ItemResult alreadyStored(String url, String bucket, String key, long bytes, String s3ETag,
            String s3VersionId, long durationMs) {
        return new ItemResult(url, bucket, key, ItemStatus.STORED, bytes, null, s3ETag, s3VersionId, null, 0,
                durationMs, null, true);
    }

    /** Conditional refetch found the body unchanged (304): the existing object stays, nothing was written. */
    public static ItemResult unchanged(String url, String bucket, String key, long bytes, String s3ETag,
            String s3VersionId, int attempts, long durationMs) {
        return new ItemResult(url, bucket, key, ItemStatus.UNCHANGED, bytes, null, s3ETag, s3VersionId, 304, attempts,
                durationMs, null, null);
    }

    public static ItemResult failed(String url, String bucket, String key, Integer httpStatus, int attempts,
            long durationMs, Failure failure) {
        ItemStatus status = failure.kind() == FailureKind.BLOCKED ? ItemStatus.BLOCKED : ItemStatus.FAILED;
        return new ItemResult(url, bucket, key, status, null, null, null, null, httpStatus, attempts,
                durationMs, failure, null);
    }

    /** Whether a later delivery could succeed (see {@link FailureKind#deliverAgainLater}). */
    public boolean deliverAgainLater() {
        return failure != null && failure.kind().deliverAgainLater(httpStatus);
    }
}
