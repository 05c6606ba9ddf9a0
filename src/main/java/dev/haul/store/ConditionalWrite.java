package dev.haul.store;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/**
 * Runs one write (a PutObject, a CompleteMultipartUpload) under its {@link WriteCondition}, so that nothing is ever
 * silently replaced, at the cost of no request when the key is free. Only when S3 answers that the key is taken does
 * Haul look at what is there: this same source's object (the nightly mirror) is replaced, conditionally on the
 * version just seen; another source's object, or one Haul did not write, is a {@code key-conflict} and stays.
 */
public final class ConditionalWrite {

    private ConditionalWrite() {}

    /** The key holds another source's object: the message of every such refusal, looked up early or late. */
    public static TransferException anotherSource() {
        return new TransferException(FailureKind.KEY_CONFLICT, "the key already holds an object stored from another "
                + "source (another URL, or not written by Haul); it is not replaced unless the batch sets "
                + "options.overwrite");
    }

    static <T> Uni<T> run(S3AsyncClient s3, ObjectTarget target, String call,
            Function<WriteCondition, Uni<T>> write) {
        return write.apply(target.condition())
                .onFailure(S3Errors::isConditionFailed).recoverWithUni(refused -> {
                    if (!(target.condition() instanceof WriteCondition.Absent)) {
                        return Uni.createFrom().failure(changedMeanwhile(refused));
                    }
                    return versionOfSameSource(s3, target).flatMap(eTag -> write.apply(new WriteCondition.Holds(eTag))
                            .onFailure(S3Errors::isConditionFailed).transform(ConditionalWrite::changedMeanwhile));
                })
                .onFailure(e -> !(e instanceof TransferException))
                .transform(e -> TransferException.store(call + " failed: " + S3Errors.describe(e), e));
    }

    /** The ETag of the object at the key when it is this target's source's; fails as key-conflict otherwise. */
    private static Uni<String> versionOfSameSource(S3AsyncClient s3, ObjectTarget target) {
        return Uni.createFrom().completionStage(() -> s3.headObject(r -> r.bucket(target.bucket()).key(target.key())))
                .onFailure().transform(e -> S3Errors.isMissing(e)
                        ? changedMeanwhile(e)
                        : TransferException.store("HeadObject failed: " + S3Errors.describe(e), e))
                .map(head -> {
                    if (!SourceMetadata.sameSource(head, target.source().url())) {
                        throw anotherSource();
                    }
                    return head.eTag();
                });
    }

    private static TransferException changedMeanwhile(Throwable cause) {
        return new TransferException(FailureKind.KEY_CONFLICT, "another writer stored or removed an object at this "
                + "key while this body was on its way; nothing was replaced", null, cause);
    }
}
