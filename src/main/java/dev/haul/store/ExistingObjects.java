package dev.haul.store;

import dev.haul.config.HaulConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds objects a batch already stored, so that a redelivered queue message neither fetches nor writes them again.
 * Keys are deterministic, so a redelivery can never create a second copy; this only saves the work.
 */
@ApplicationScoped
public class ExistingObjects {

    private final S3AsyncClient s3;
    private final String bucket;

    public ExistingObjects(S3AsyncClient s3, HaulConfig config) {
        this.s3 = s3;
        this.bucket = config.store().bucket();
    }

    /** The object at {@code key} if it exists and was written by {@code batchId}. */
    public Uni<Optional<HeadObjectResponse>> storedBy(String batchId, String key) {
        return Uni.createFrom().completionStage(() -> s3.headObject(r -> r.bucket(bucket).key(key)))
                .map(head -> batchId.equals(head.metadata().get(SourceMetadata.BATCH_ID))
                        ? Optional.of(head) : Optional.<HeadObjectResponse>empty())
                .onFailure(ExistingObjects::isNotFound).recoverWithItem(Optional.empty());
    }

    private static boolean isNotFound(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof S3Exception s3e && s3e.statusCode() == 404;
    }
}
