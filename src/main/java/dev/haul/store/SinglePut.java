package dev.haul.store;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;

/**
 * A body of at most one part, stored with one PutObject. S3 checks the SHA-256 Haul computed on the stream, so a
 * body corrupted between the spool and S3 is refused rather than stored. A PUT is atomic: on failure there is
 * nothing to clean up in S3.
 */
final class SinglePut {

    private SinglePut() {}

    static Uni<StoredObject> put(S3AsyncClient s3, ObjectTarget target, SpooledPart part, SpoolSummary summary) {
        // The part file stays until the write is decided: a key taken by this same source is written a second time.
        return ConditionalWrite.run(s3, target, "PutObject", condition -> Uni.createFrom()
                .completionStage(() -> s3.putObject(request(target, part, summary, condition), PartBodies.body(part))))
                .map(response -> new StoredObject(target.bucket(), target.key(), response.eTag(), response.versionId()))
                .eventually(() -> PartBodies.release(part));
    }

    private static PutObjectRequest request(ObjectTarget target, SpooledPart part, SpoolSummary summary,
            WriteCondition condition) {
        return PutObjectRequest.builder()
                .bucket(target.bucket())
                .key(target.key())
                .contentLength(part.size())
                .contentType(target.source().contentTypeOrDefault())
                .metadata(target.source().userMetadata())
                .checksumSHA256(summary.sha256Base64())
                .ifNoneMatch(condition.ifNoneMatch())
                .ifMatch(condition.ifMatch())
                .build();
    }
}
