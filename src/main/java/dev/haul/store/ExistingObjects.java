package dev.haul.store;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.haul.config.HaulConfig;

/**
 * What already lies at an item's key, read before anything is fetched: whether it is this batch's own earlier work (a
 * redelivered queue message neither fetches nor writes it again), the same source's object (which a refetch may
 * replace, conditionally when the batch asks for that), or another source's (which is never replaced unasked).
 */
@ApplicationScoped
public class ExistingObjects {

    private final S3AsyncClient s3;
    private final String bucket;

    public ExistingObjects(S3AsyncClient s3, HaulConfig config) {
        this.s3 = s3;
        this.bucket = config.store().bucket();
    }

    /** The object at {@code key}, if there is one. */
    public Uni<Optional<HeadObjectResponse>> head(String key) {
        return Uni.createFrom().completionStage(() -> s3.headObject(r -> r.bucket(bucket).key(key)))
                .map(Optional::of)
                .onFailure(S3Errors::isMissing).recoverWithItem(Optional.empty());
    }

    /**
     * The headers that ask the origin for the body only if it changed since this object was stored: its source ETag
     * ({@code If-None-Match}) and Last-Modified ({@code If-Modified-Since}), as far as they were recorded.
     */
    public Map<String, String> revalidationHeaders(HeadObjectResponse head) {
        Map<String, String> headers = new LinkedHashMap<>();
        Optional.ofNullable(head.metadata().get(SourceMetadata.ETAG)).ifPresent(etag -> headers.put("If-None-Match",
                etag));
        Optional.ofNullable(head.metadata().get(SourceMetadata.LAST_MODIFIED))
                .ifPresent(date -> headers.put("If-Modified-Since", date));
        return headers;
    }

    /**
     * Whether this object was stored from {@code url}, so that fetching {@code url} again may replace it (the nightly
     * mirror). An object from another URL, or one Haul did not write, is another source's.
     */
    public boolean sameSource(HeadObjectResponse head, URI url) {
        return SourceMetadata.sameSource(head, url);
    }

    /** Whether {@code batchId} wrote this object (a redelivered message's own earlier work). */
    public boolean writtenBy(HeadObjectResponse head, String batchId) {
        return batchId.equals(head.metadata().get(SourceMetadata.BATCH_ID));
    }
}
