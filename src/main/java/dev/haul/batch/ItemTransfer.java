package dev.haul.batch;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.FailureClassifier;
import dev.haul.fetch.Fetcher;
import dev.haul.fetch.OriginResponse;
import dev.haul.fetch.RetryPolicy;
import dev.haul.model.Deadline;
import dev.haul.model.FailureKind;
import dev.haul.model.ItemResult;
import dev.haul.model.PartSink;
import dev.haul.model.PlannedItem;
import dev.haul.model.Redaction;
import dev.haul.model.TransferException;
import dev.haul.spool.PartSpooler;
import dev.haul.spool.SpoolDirectory;
import dev.haul.spool.TmpBudget;
import dev.haul.store.ExistingObjects;
import dev.haul.store.ObjectTarget;
import dev.haul.store.ObjectWriter;
import dev.haul.store.PartSizing;
import dev.haul.store.SourceMetadata;
import dev.haul.store.StoredObject;

/**
 * Carries one URL from origin to S3: fetch, spool, store, with retries. Always ends with an {@link ItemResult}, never
 * a failure; on any failure the spool files are deleted and a multipart upload is aborted before the result is
 * emitted, so a failed URL leaves nothing behind.
 */
@ApplicationScoped
public class ItemTransfer {

    private static final Logger LOG = Logger.getLogger(ItemTransfer.class);

    private final Fetcher fetcher;
    private final ObjectWriter writer;
    private final SpoolDirectory spool;
    private final ExistingObjects existing;
    private final RetryPolicy retries;
    private final TmpBudget budget;
    private final Vertx vertx;
    private final HaulConfig config;

    public ItemTransfer(Fetcher fetcher, ObjectWriter writer, SpoolDirectory spool, ExistingObjects existing,
            RetryPolicy retries, TmpBudget budget, Vertx vertx, HaulConfig config) {
        this.fetcher = fetcher;
        this.writer = writer;
        this.spool = spool;
        this.existing = existing;
        this.retries = retries;
        this.budget = budget;
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Transfers one item. With {@code redelivery} (a queue message received again), an object already written by
     * this batch is reported as already stored instead of being fetched again; with conditional refetch on, an
     * existing object's source validators are sent so an unchanged body is not rewritten.
     */
    public Uni<ItemResult> run(PlannedItem planned, String batchId, OptionalLong maxBytes, Deadline deadline,
            boolean redelivery) {
        long start = System.nanoTime();
        if (!redelivery && !config.fetch().conditional()) {
            return new Attempt(planned, batchId, limit(maxBytes), deadline, Optional.empty(), start).run();
        }
        return existing.head(planned.key())
                .onFailure().recoverWithItem(Optional.empty())
                .flatMap(found -> {
                    if (redelivery && found.isPresent() && existing.writtenBy(found.get(), batchId)) {
                        HeadObjectResponse head = found.get();
                        return Uni.createFrom().item(ItemResult.alreadyStored(planned.item().url().toString(),
                                config.store().bucket(), planned.key(), head.contentLength(), head.eTag(),
                                head.versionId(), millisSince(start)));
                    }
                    Optional<HeadObjectResponse> previous = config.fetch().conditional() ? found : Optional.empty();
                    return new Attempt(planned, batchId, limit(maxBytes), deadline, previous, start).run();
                });
    }

    private long limit(OptionalLong batchMax) {
        long configured = config.fetch().maxObjectSize().asLongValue();
        return batchMax.isPresent() ? Math.min(configured, batchMax.getAsLong()) : configured;
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** The state of one URL's transfer across its tries, so that resuming and cleaning up know what exists. */
    private final class Attempt {
        private final PlannedItem planned;
        private final String batchId;
        private final String bucket = config.store().bucket();
        private final long maxBytes;
        private final Deadline deadline;
        private final Optional<HeadObjectResponse> previous;
        private final long startNanos;
        private int tries;
        private Integer httpStatus;
        private PartSink<StoredObject> sink;
        private PartSpooler<StoredObject> spooler;
        /** Set when the origin can serve the rest of this body: its strong ETag. */
        private String resumeValidator;
        private OptionalLong declaredTotal = OptionalLong.empty();
        private boolean unchanged;

        Attempt(PlannedItem planned, String batchId, long maxBytes, Deadline deadline,
                Optional<HeadObjectResponse> previous, long startNanos) {
            this.planned = planned;
            this.batchId = batchId;
            this.maxBytes = maxBytes;
            this.deadline = deadline;
            this.previous = previous;
            this.startNanos = startNanos;
        }

        Uni<ItemResult> run() {
            Duration total = config.fetch().totalTimeout();
            Duration remaining = deadline.remaining();
            if (remaining.isZero()) {
                return Uni.createFrom().item(failed(new TransferException(FailureKind.DEADLINE,
                        "not started: the invocation's deadline was reached first")));
            }
            boolean deadlineBinds = remaining.compareTo(total) < 0;
            Duration budget = deadlineBinds ? remaining : total;
            return Uni.createFrom().deferred(this::tryOnce)
                    .onFailure(failure -> failure instanceof TransferException known && known.retryNow()).retry()
                    .when(failures -> failures.onItem().transformToUniAndConcatenate(this::waitBeforeRetry))
                    .ifNoItem().after(budget).failWith(() -> deadlineBinds
                            ? new TransferException(FailureKind.DEADLINE, "stopped at the invocation's deadline",
                                    httpStatus, null)
                            : new TransferException(FailureKind.TOTAL_TIMEOUT, "took longer than the total timeout of "
                                    + total.toSeconds() + "s", httpStatus, null))
                    .flatMap(ignored -> unchanged
                            ? Uni.createFrom().item((StoredObject) null)
                            : spooler.finish()
                                    .ifNoItem().after(deadline.remainingToComplete())
                                    .failWith(() -> new TransferException(FailureKind.DEADLINE,
                                            "upload did not complete before the invocation's deadline", httpStatus,
                                            null)))
                    .map(stored -> unchanged ? unchangedResult() : stored(stored))
                    .onFailure().recoverWithUni(error -> cleanUp(error).map(this::failed));
        }

        /** One request: resumes from the last byte on disk when it safely can, else starts over. */
        private Uni<Void> tryOnce() {
            tries++;
            long offset = spooler == null ? 0 : spooler.bytesSoFar();
            if (offset > 0 && resumeValidator != null) {
                return fetcher.open(planned.item(), Map.of("Range", "bytes=" + offset + "-", "If-Range",
                        resumeValidator))
                        .flatMap(response -> resumes(response, offset) ? stream(response) : restart(response));
            }
            Uni<Void> reset = spooler == null ? Uni.createFrom().voidItem() : discard();
            return reset.flatMap(ignored -> fetcher.open(planned.item(), conditionalHeaders()))
                    .flatMap(this::startFresh);
        }

        private boolean resumes(OriginResponse response, long offset) {
            String range = response.header("Content-Range").orElse("");
            return response.status() == 206 && range.startsWith("bytes " + offset + "-");
        }

        /** The origin sent the whole body again (the validator changed, or it ignores ranges): start over with it. */
        private Uni<Void> restart(OriginResponse response) {
            LOG.debugf("%s changed or cannot resume; starting over", Redaction.forLog(planned.item().url()));
            resumeValidator = null;
            return discard().flatMap(ignored -> startFresh(response));
        }

        private Uni<Void> startFresh(OriginResponse response) {
            httpStatus = response.status();
            if (response.status() == 304) {
                unchanged = true;
                return Uni.createFrom().voidItem();
            }
            declaredTotal = response.contentLength();
            if (declaredTotal.isPresent() && declaredTotal.getAsLong() > maxBytes) {
                throw new TransferException(FailureKind.INTEGRITY, "Content-Length " + declaredTotal.getAsLong()
                        + " is over the limit of " + maxBytes + " bytes", httpStatus, null);
            }
            String etag = response.header("ETag").orElse(null);
            boolean ranges = response.header("Accept-Ranges").map(v -> v.toLowerCase().contains("bytes")).orElse(false);
            resumeValidator = ranges && etag != null && !etag.startsWith("W/") ? etag : null;
            SourceMetadata source = new SourceMetadata(response.url(), response.header("Content-Type"),
                    response.header("ETag"), response.header("Last-Modified"), response.header("Content-Encoding"),
                    batchId);
            sink = writer.sinkFor(new ObjectTarget(bucket, planned.key(), source));
            long partSize = PartSizing.partSize(config.store().partSize().asLongValue(), declaredTotal);
            spooler = new PartSpooler<>(vertx, spool.newTransferStem(), partSize, sink, budget, declaredTotal);
            return stream(response);
        }

        private Uni<Void> stream(OriginResponse response) {
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
            if (declaredTotal.isPresent() && declaredTotal.getAsLong() != received) {
                throw new TransferException(FailureKind.INTEGRITY, "body was " + received
                        + " bytes but Content-Length said " + declaredTotal.getAsLong(), httpStatus, null);
            }
        }

        private Map<String, String> conditionalHeaders() {
            if (previous.isEmpty()) {
                return Map.of();
            }
            Map<String, String> stored = previous.get().metadata();
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            Optional.ofNullable(stored.get("source-etag")).ifPresent(etag -> headers.put("If-None-Match", etag));
            Optional.ofNullable(stored.get("source-last-modified")).ifPresent(date -> headers.put("If-Modified-Since",
                    date));
            return headers;
        }

        /** Emits (a non-null item: a Multi drops nulls, which would never trigger the retry) when to try again. */
        private Uni<Integer> waitBeforeRetry(Throwable failure) {
            if (tries >= retries.maxAttempts()) {
                return Uni.createFrom().failure(failure);
            }
            Duration delay = retries.delayAfter(tries, failure);
            if (deadline.remaining().compareTo(delay.plusSeconds(1)) <= 0) {
                return Uni.createFrom().failure(failure);
            }
            LOG.debugf("%s: try %d failed (%s); next in %d ms", Redaction.forLog(planned.item().url()), tries,
                    failure.getMessage(), delay.toMillis());
            Uni<Integer> again = Uni.createFrom().item(tries);
            // Full jitter may draw no wait at all, which Mutiny's delay refuses.
            return delay.isZero() ? again : again.onItem().delayIt().by(delay);
        }

        private Uni<Void> discard() {
            Uni<Void> files = spooler == null ? Uni.createFrom().voidItem() : spooler.discard();
            PartSink<StoredObject> abandoned = sink;
            spooler = null;
            sink = null;
            return files.flatMap(ignored -> abandoned == null ? Uni.createFrom().voidItem() : abandoned.abort(null));
        }

        private Uni<TransferException> cleanUp(Throwable error) {
            TransferException failure = FailureClassifier.classify(error);
            return discard().replaceWith(failure);
        }

        private ItemResult stored(StoredObject object) {
            return ItemResult.stored(planned.item().url().toString(), object.bucket(), object.key(),
                    spooler.bytesSoFar(), spooler.summary().sha256Hex(), object.eTag(), object.versionId(), httpStatus,
                    tries, millisSince(startNanos));
        }

        private ItemResult unchangedResult() {
            HeadObjectResponse head = previous.orElseThrow();
            return ItemResult.unchanged(planned.item().url().toString(), bucket, planned.key(), head.contentLength(),
                    head.eTag(), head.versionId(), tries, millisSince(startNanos));
        }

        private ItemResult failed(TransferException failure) {
            Integer status = failure.httpStatus() != null ? failure.httpStatus() : httpStatus;
            return ItemResult.failed(planned.item().url().toString(), bucket, planned.key(), status, tries,
                    millisSince(startNanos), failure.toFailure());
        }
    }
}
