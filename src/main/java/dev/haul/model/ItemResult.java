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

    /** Whether a later delivery could succeed (see {@link FailureKind#deliverAgainLater}). */
    public boolean deliverAgainLater() {
        return failure != null && failure.kind().deliverAgainLater(httpStatus);
    }
}
