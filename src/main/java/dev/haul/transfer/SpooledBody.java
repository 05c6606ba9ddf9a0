package dev.haul.transfer;

import java.util.Map;
import java.util.OptionalLong;

import io.smallrye.mutiny.Uni;

import dev.haul.fetch.OriginResponse;
import dev.haul.model.FailureKind;
import dev.haul.model.PartSink;
import dev.haul.model.TransferException;
import dev.haul.spool.PartSpooler;
import dev.haul.store.StoredObject;

/**
 * One body on its way from the origin to S3: the spooler that writes it to part files and the S3 sink those parts
 * go to, the limits the body must keep, and what is needed to resume it after a broken connection. It lives from the
 * response that started the body until the object is stored or everything of it is discarded.
 */
final class SpooledBody {

    private final PartSpooler<StoredObject> spooler;
    private final PartSink<StoredObject> sink;
    private final long maxBytes;
    private final OptionalLong declaredLength;
    /** The origin's strong ETag when it can serve the rest of this body with a range request. */
    private final String resumeValidator;
    private final int httpStatus;

    SpooledBody(PartSpooler<StoredObject> spooler, PartSink<StoredObject> sink, long maxBytes,
            OptionalLong declaredLength, OriginResponse start) {
        this.spooler = spooler;
        this.sink = sink;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        this.resumeValidator = strongValidatorForRanges(start);
        this.httpStatus = start.status();
    }

    /** Refuses, before any byte is read, a body whose declared length is already over the limit. */
    static void checkDeclaredLength(OptionalLong declared, long maxBytes, int httpStatus) {
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw new TransferException(FailureKind.INTEGRITY, "Content-Length " + declared.getAsLong()
                    + " is over the limit of " + maxBytes + " bytes", httpStatus, null);
        }
    }

    private static String strongValidatorForRanges(OriginResponse response) {
        String etag = response.header("ETag").orElse(null);
        boolean ranges = response.header("Accept-Ranges").map(v -> v.toLowerCase().contains("bytes")).orElse(false);
        return ranges && etag != null && !etag.startsWith("W/") ? etag : null;
    }

    /** Spools what {@code response} carries of this body, from the first byte or from where a resume started. */
    Uni<Void> spool(OriginResponse response) {
        return response.body()
                .onItem().call(chunk -> {
                    if (spooler.bytesSoFar() + chunk.length() > maxBytes) {
                        throw new TransferException(FailureKind.INTEGRITY, "body passed the limit of " + maxBytes
                                + " bytes", httpStatus, null);
                    }
                    return spooler.write(chunk);
                })
                .onItem().ignoreAsUni()
                .invoke(this::checkLength);
    }

    private void checkLength() {
        long received = spooler.bytesSoFar();
        if (declaredLength.isPresent() && declaredLength.getAsLong() != received) {
            throw new TransferException(FailureKind.INTEGRITY, "body was " + received
                    + " bytes but Content-Length said " + declaredLength.getAsLong(), httpStatus, null);
        }
    }

    /** Whether a broken body can continue where it stopped rather than start over. */
    boolean canResume() {
        return resumeValidator != null && spooler.bytesSoFar() > 0;
    }

    /** Asks for the rest of the body, and only if it is still the same body. */
    Map<String, String> resumeHeaders() {
        return Map.of("Range", "bytes=" + spooler.bytesSoFar() + "-", "If-Range", resumeValidator);
    }

    /** Whether {@code response} is the rest of this body (206 from the right offset), not a whole new one. */
    boolean resumedBy(OriginResponse response) {
        String range = response.header("Content-Range").orElse("");
        return response.status() == 206 && range.startsWith("bytes " + spooler.bytesSoFar() + "-");
    }

    /** Completes the object in S3, within what the budget leaves for completing. */
    Uni<StoredObject> store(ItemBudget budget) {
        return spooler.finish()
                .ifNoItem().after(budget.toComplete()).failWith(() -> budget.completionMissed(httpStatus));
    }

    /** Deletes the part being written and gives up the S3 upload (abort); safe to call more than once. */
    Uni<Void> discard() {
        return spooler.discard().flatMap(ignored -> sink.abort(null));
    }

    long bytes() {
        return spooler.bytesSoFar();
    }

    /** Hex SHA-256 of the whole body, once {@link #store} has completed. */
    String sha256Hex() {
        return spooler.summary().sha256Hex();
    }

    int httpStatus() {
        return httpStatus;
    }
}
