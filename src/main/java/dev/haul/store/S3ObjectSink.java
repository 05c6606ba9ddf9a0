package dev.haul.store;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.model.FailureKind;
import dev.haul.model.PartSink;
import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;
import dev.haul.model.TransferException;

/**
 * Decides, and only decides, how one body reaches S3: a body that fits in one part goes as a single PUT; as soon as a
 * second part exists, a {@link MultipartUpload} takes over.
 */
final class S3ObjectSink implements PartSink<StoredObject> {

    private final S3AsyncClient s3;
    private final ObjectTarget target;
    private final int partConcurrency;
    private MultipartUpload multipart;

    S3ObjectSink(S3AsyncClient s3, ObjectTarget target, int partConcurrency) {
        this.s3 = s3;
        this.target = target;
        this.partConcurrency = partConcurrency;
    }

    @Override
    public Uni<Void> accept(SpooledPart part) {
        if (multipart == null) {
            multipart = new MultipartUpload(s3, target, partConcurrency);
        }
        return multipart.upload(part);
    }

    @Override
    public Uni<StoredObject> complete(SpooledPart lastPart, SpoolSummary summary) {
        if (target.expectedSha256().filter(expected -> !expected.equals(summary.sha256Hex())).isPresent()) {
            // Nothing is completed: the last part is dropped here, the parts already sent go with the abort that
            // follows every failed completion.
            PartBodies.release(lastPart);
            return Uni.createFrom().failure(new TransferException(FailureKind.INTEGRITY, "the body's SHA-256 is "
                    + summary.sha256Hex() + ", not the " + target.expectedSha256().get() + " the item expects"));
        }
        return multipart == null
                ? SinglePut.put(s3, target, lastPart, summary)
                : multipart.complete(lastPart, summary);
    }

    @Override
    public Uni<Void> abort(Throwable reason) {
        return multipart == null ? Uni.createFrom().voidItem() : multipart.abort();
    }
}
