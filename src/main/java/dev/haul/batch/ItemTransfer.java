package dev.haul.batch;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.FailureClassifier;
import dev.haul.fetch.FetchException;
import dev.haul.fetch.Fetcher;
import dev.haul.fetch.OriginResponse;
import dev.haul.report.FailureKind;
import dev.haul.report.ItemResult;
import dev.haul.spool.PartSink;
import dev.haul.spool.PartSpooler;
import dev.haul.spool.SpoolDirectory;
import dev.haul.store.ExistingObjects;
import dev.haul.store.ObjectTarget;
import dev.haul.store.ObjectWriter;
import dev.haul.store.PartSizing;
import dev.haul.store.SourceMetadata;
import dev.haul.store.StoredObject;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Carries one URL from origin to S3: fetch, spool, store. Always ends with an {@link ItemResult}, never a failure;
 * on any failure the spool files are deleted and a multipart upload is aborted before the result is emitted, so a
 * failed URL leaves nothing behind.
 */
@ApplicationScoped
public class ItemTransfer {

    private final Fetcher fetcher;
    private final ObjectWriter writer;
    private final SpoolDirectory spool;
    private final ExistingObjects existing;
    private final Vertx vertx;
    private final HaulConfig config;

    public ItemTransfer(Fetcher fetcher, ObjectWriter writer, SpoolDirectory spool, ExistingObjects existing,
            Vertx vertx, HaulConfig config) {
        this.fetcher = fetcher;
        this.writer = writer;
        this.spool = spool;
        this.existing = existing;
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Transfers one item. With {@code skipIfStoredBy} set (a redelivered message), an object already written by that
     * batch is reported as already stored instead of being fetched again.
     */
    public Uni<ItemResult> run(PlannedItem planned, String batchId, OptionalLong maxBytes, Deadline deadline,
            boolean skipIfStoredByThisBatch) {
        String bucket = config.store().bucket();
        Uni<ItemResult> transfer = Uni.createFrom()
                .deferred(() -> new Attempt(planned, batchId, bucket, maxBytes, deadline).run());
        if (!skipIfStoredByThisBatch) {
            return transfer;
        }
        long start = System.nanoTime();
        return existing.storedBy(batchId, planned.key())
                .onFailure().recoverWithItem(java.util.Optional.empty())
                .flatMap(found -> found.isEmpty() ? transfer : Uni.createFrom().item(ItemResult.alreadyStored(
                        planned.item().url().toString(), bucket, planned.key(), found.get().contentLength(),
                        found.get().eTag(), found.get().versionId(),
                        Duration.ofNanos(System.nanoTime() - start).toMillis())));
    }

    /** The state of one try at one URL, so that cleanup knows exactly what exists. */
    private final class Attempt {
        private final PlannedItem planned;
        private final String batchId;
        private final String bucket;
        private final OptionalLong maxBytes;
        private final Deadline deadline;
        private final long startNanos = System.nanoTime();
        private Integer httpStatus;
        private PartSink<StoredObject> sink;
        private PartSpooler<StoredObject> spooler;

        Attempt(PlannedItem planned, String batchId, String bucket, OptionalLong maxBytes, Deadline deadline) {
            this.planned = planned;
            this.batchId = batchId;
            this.bucket = bucket;
            this.maxBytes = maxBytes;
            this.deadline = deadline;
        }

        Uni<ItemResult> run() {
            Duration total = config.fetch().totalTimeout();
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                return Uni.createFrom().item(failed(new FetchException(FailureKind.DEADLINE,
                        "not started: the invocation's deadline was reached first")));
            }
            boolean deadlineBinds = remaining.compareTo(total) < 0;
            Duration budget = deadlineBinds ? remaining : total;
            return fetcher.open(planned.item())
                    .flatMap(this::download)
                    .ifNoItem().after(budget).failWith(() -> deadlineBinds
                            ? new FetchException(FailureKind.DEADLINE, "stopped at the invocation's deadline", httpStatus, null)
                            : new FetchException(FailureKind.TOTAL_TIMEOUT, "took longer than the total timeout of "
                                    + total.toSeconds() + "s", httpStatus, null))
                    .flatMap(ignored -> spooler.finish()
                            .ifNoItem().after(deadline.remainingToComplete())
                            .failWith(() -> new FetchException(FailureKind.DEADLINE,
                                    "upload did not complete before the invocation's deadline", httpStatus, null)))
                    .map(this::stored)
                    .onFailure().recoverWithUni(error -> cleanUp(error).map(this::failed));
        }

        private Uni<Void> download(OriginResponse response) {
            httpStatus = response.status();
            OptionalLong declared = response.contentLength();
            if (declared.isPresent() && maxBytes.isPresent() && declared.getAsLong() > maxBytes.getAsLong()) {
                throw new FetchException(FailureKind.INTEGRITY, "Content-Length " + declared.getAsLong()
                        + " is over the limit of " + maxBytes.getAsLong() + " bytes", httpStatus, null);
            }
            SourceMetadata source = new SourceMetadata(response.url(), response.header("Content-Type"),
                    response.header("ETag"), response.header("Last-Modified"), response.header("Content-Encoding"),
                    batchId);
            sink = writer.sinkFor(new ObjectTarget(bucket, planned.key(), source));
            long partSize = PartSizing.partSize(config.store().partSize().asLongValue(), declared);
            spooler = new PartSpooler<>(vertx, spool.newTransferStem(), partSize, sink);
            return response.body()
                    .onItem().call(chunk -> {
                        long after = spooler.bytesSoFar() + chunk.length();
                        if (maxBytes.isPresent() && after > maxBytes.getAsLong()) {
                            throw new FetchException(FailureKind.INTEGRITY, "body passed the limit of "
                                    + maxBytes.getAsLong() + " bytes", httpStatus, null);
                        }
                        return spooler.write(chunk);
                    })
                    .onItem().ignoreAsUni()
                    .invoke(() -> checkLength(declared));
        }

        private void checkLength(OptionalLong declared) {
            long received = spooler.bytesSoFar();
            if (declared.isPresent() && declared.getAsLong() != received) {
                throw new FetchException(FailureKind.INTEGRITY, "body was " + received
                        + " bytes but Content-Length said " + declared.getAsLong(), httpStatus, null);
            }
        }

        private Uni<FetchException> cleanUp(Throwable error) {
            FetchException failure = FailureClassifier.classify(error);
            Uni<Void> discard = spooler == null ? Uni.createFrom().voidItem() : spooler.discard();
            Uni<Void> abort = sink == null ? Uni.createFrom().voidItem() : sink.abort(failure);
            return discard.flatMap(ignored -> abort).replaceWith(failure);
        }

        private ItemResult stored(StoredObject object) {
            return ItemResult.stored(planned.item().url().toString(), object.bucket(), object.key(),
                    spooler.bytesSoFar(), spooler.summary().sha256Hex(), object.eTag(), object.versionId(), httpStatus, 1,
                    elapsedMillis());
        }

        private ItemResult failed(FetchException failure) {
            Integer status = failure.httpStatus() != null ? failure.httpStatus() : httpStatus;
            return ItemResult.failed(planned.item().url().toString(), bucket, planned.key(), status, 1,
                    elapsedMillis(), failure.toFailure());
        }

        private long elapsedMillis() {
            return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        }
    }
}
