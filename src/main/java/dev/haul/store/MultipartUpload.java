package dev.haul.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import dev.haul.concurrent.Permits;
import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;
import dev.haul.model.TransferException;

/**
 * One multipart upload, driven explicitly: created when the first part is ready, parts uploaded in parallel (at most
 * {@code partConcurrency} at once) while later parts are still being spooled, completed with each part's CRC32C so S3
 * verifies every part, and aborted exactly once on any failure, after the parts in flight have settled so that none
 * lands after the abort.
 */
final class MultipartUpload {

    private static final Logger LOG = Logger.getLogger(MultipartUpload.class);

    private final S3AsyncClient s3;
    private final ObjectTarget target;
    private final Permits partSlots;
    private final Uni<String> uploadId;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> inFlight = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletedPart> completed = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile String createdUploadId;
    private int partsHandedIn;

    MultipartUpload(S3AsyncClient s3, ObjectTarget target, int partConcurrency) {
        this.s3 = s3;
        this.target = target;
        this.partSlots = new Permits(partConcurrency);
        CreateMultipartUploadRequest create = CreateMultipartUploadRequest.builder()
                .bucket(target.bucket())
                .key(target.key())
                .contentType(target.source().contentTypeOrDefault())
                .metadata(target.source().userMetadata())
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                .build();
        this.uploadId = Uni.createFrom().completionStage(() -> s3.createMultipartUpload(create))
                .map(response -> createdUploadId = response.uploadId())
                .onFailure().transform(e -> TransferException.store("CreateMultipartUpload failed: " + S3Errors
                        .describe(e),
                        e))
                .memoize().indefinitely();
    }

    /**
     * Starts uploading a part and completes as soon as it is under way (or when a slot frees up), so the next part
     * can be spooled meanwhile. Fails if an earlier part already failed, which stops the download early.
     */
    Uni<Void> upload(SpooledPart part) {
        partsHandedIn++;
        return uploadId.flatMap(id -> partSlots.acquire(1, slot -> {
            Throwable failure = firstFailure.get();
            if (failure != null) {
                return Uni.createFrom().failure(TransferException.store(failure.getMessage(), failure));
            }
            start(id, part, slot);
            return Uni.createFrom().voidItem();
        }))
                .onFailure().invoke(e -> PartBodies.release(part));
    }

    /** Starts the part's upload, which owns {@code slot} from here on and releases it when S3 has answered. */
    private void start(String id, SpooledPart part, Permits.Permit slot) {
        UploadPartRequest request = UploadPartRequest.builder()
                .bucket(target.bucket())
                .key(target.key())
                .uploadId(id)
                .partNumber(part.number())
                .contentLength(part.size())
                .checksumCRC32C(part.crc32c())
                .build();
        CompletableFuture<Void> upload = s3.uploadPart(request, PartBodies.body(part))
                .handle((response, error) -> {
                    PartBodies.release(part);
                    slot.release();
                    if (error != null) {
                        firstFailure.compareAndSet(null,
                                TransferException.store("UploadPart " + part.number() + " failed: " + S3Errors.describe(
                                        error), error));
                    } else {
                        completed.add(CompletedPart.builder().partNumber(part.number()).eTag(response.eTag())
                                .checksumCRC32C(response.checksumCRC32C() != null
                                        ? response.checksumCRC32C()
                                        : part.crc32c())
                                .build());
                    }
                    return null;
                });
        inFlight.add(upload);
    }

    /** Uploads the last part, waits for all parts, checks them, and completes the upload. */
    Uni<StoredObject> complete(SpooledPart lastPart, SpoolSummary summary) {
        int expectedParts = partsHandedIn + 1;
        return upload(lastPart)
                .flatMap(ignored -> settled())
                .flatMap(ignored -> {
                    Throwable failure = firstFailure.get();
                    if (failure != null) {
                        return Uni.createFrom().failure(failure);
                    }
                    List<CompletedPart> parts = new ArrayList<>(completed);
                    parts.sort(Comparator.comparingInt(CompletedPart::partNumber));
                    if (parts.size() != expectedParts) {
                        return Uni.createFrom().failure(TransferException.store("expected " + expectedParts
                                + " uploaded parts before completing, S3 acknowledged " + parts.size(), null));
                    }
                    // The condition is checked here, when the object comes into being. A refused completion leaves the
                    // upload open: it is completed again when the key holds this same source's object, and aborted
                    // by the item's failure otherwise.
                    return ConditionalWrite.run(s3, target, "CompleteMultipartUpload", condition -> Uni.createFrom()
                            .completionStage(() -> s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                                    .bucket(target.bucket())
                                    .key(target.key())
                                    .uploadId(createdUploadId)
                                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                                    .ifNoneMatch(condition.ifNoneMatch())
                                    .ifMatch(condition.ifMatch())
                                    .build())));
                })
                .map(response -> new StoredObject(target.bucket(), target.key(), response.eTag(), response
                        .versionId()));
    }

    /**
     * Aborts the upload once, after every part in flight has settled. If the abort itself fails, the upload id is
     * logged so an operator can abort it (the bucket's lifecycle rule also removes it after a day).
     */
    Uni<Void> abort() {
        if (!aborted.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return settled().flatMap(ignored -> {
            String id = createdUploadId;
            if (id == null) {
                return Uni.createFrom().voidItem();
            }
            AbortMultipartUploadRequest request = AbortMultipartUploadRequest.builder()
                    .bucket(target.bucket()).key(target.key()).uploadId(id).build();
            return Uni.createFrom().completionStage(() -> s3.abortMultipartUpload(request)).replaceWithVoid()
                    .onFailure().invoke(e -> LOG.errorf(
                            "could not abort multipart upload %s of s3://%s/%s (%s); abort it with "
                                    + "'aws s3api abort-multipart-upload' or let the bucket's lifecycle rule remove it",
                            id, target.bucket(), target.key(), S3Errors.describe(e)))
                    .onFailure().recoverWithNull();
        });
    }

    /** Completes when the creation and every part started so far have finished, whether they succeeded or not. */
    private Uni<Void> settled() {
        return uploadId.onFailure().recoverWithNull().flatMap(ignored -> Uni.createFrom()
                .completionStage(() -> CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))));
    }
}
