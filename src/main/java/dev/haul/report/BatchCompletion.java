package dev.haul.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;

/**
 * Finishes a queued batch once its last part has: merges the parts' manifests into the batch's manifest, writes the
 * retry list, sends the completion event and records that it did. Exactly one part does it: the first to create the
 * claim ({@code completing.json}, a conditional write), or that same part again when its message is received once
 * more because finishing failed half-way. The merged manifest is itself created conditionally, so it is written once
 * however often finishing is retried.
 */
@ApplicationScoped
class BatchCompletion {

    private static final Logger LOG = Logger.getLogger(BatchCompletion.class);
    /** Longer than Lambda's longest invocation: a claim this old was made by a delivery that has ended. */
    private static final Duration NOTIFY_LEASE = Duration.ofMinutes(20);

    private final Documents documents;
    private final ManifestKeys keys;
    private final CompletionEvents events;
    private final ObjectMapper json;
    private final RetryLines retryLines;
    private final Path workDirectory;

    BatchCompletion(Documents documents, ManifestKeys keys, CompletionEvents events, ObjectMapper json,
            HaulConfig config) {
        this.documents = documents;
        this.keys = keys;
        this.events = events;
        this.json = json;
        this.retryLines = new RetryLines(json, config);
        this.workDirectory = config.spool().dir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
    }

    Uni<Void> complete(String batchId, BatchPart last, BatchTotals totals) {
        return claim(batchId, last).flatMap(mine -> {
            if (!mine) {
                return Uni.createFrom().voidItem();
            }
            return documents.exists(keys.completedKey(batchId)).flatMap(done -> done
                    ? Uni.createFrom().voidItem()
                    : documents.readJson(keys.indexKey(batchId))
                            .flatMap(index -> finish(batchId, last, totals, index)));
        });
    }

    /** Whether this part is the one that finishes the batch. */
    private Uni<Boolean> claim(String batchId, BatchPart part) {
        String key = keys.claimKey(batchId);
        return documents.createJson(key, json.createObjectNode().put("part", part.index()))
                .flatMap(created -> created
                        ? Uni.createFrom().item(true)
                        : documents.readJson(key).map(claim -> claim
                                .map(held -> held.path("part").asInt() == part.index()).orElse(false)));
    }

    private Uni<Void> finish(String batchId, BatchPart last, BatchTotals totals, Optional<JsonNode> index) {
        JsonNode accepted = index.orElseGet(json::createObjectNode);
        BatchStatus done = new BatchStatus(batchId, BatchStatus.State.DONE, accepted.path("parent").textValue(),
                BatchStatusReader.instant(accepted.path("acceptedAt")), Instant.now(),
                accepted.path("items").isNumber() ? accepted.path("items").asLong() : totals.total(),
                new BatchStatus.Parts(last.count(), last.count(), last.count()), totals,
                new BatchReport.Location(documents.bucket(), keys.manifestKey(batchId)),
                totals.failed() > 0 ? new BatchReport.Location(documents.bucket(), keys.retryKey(batchId)) : null);
        return documents.exists(done.manifest().key())
                .flatMap(merged -> merged ? Uni.createFrom().voidItem() : merge(done, last.count()))
                .flatMap(ignored -> mayNotify(batchId))
                .flatMap(notify -> notify
                        ? events.send(done).flatMap(ignored -> documents.putJson(keys.completedKey(batchId), done))
                        : Uni.createFrom().voidItem())
                .invoke(() -> LOG.infof("batch %s is done: %d items, %d stored, %d unchanged, %d failed, %d blocked;"
                        + " manifest s3://%s/%s", batchId, totals.total(), totals.stored(), totals.unchanged(),
                        totals.failed(), totals.blocked(), documents.bucket(), done.manifest().key()));
    }

    /**
     * Whether this delivery sends the completion event. The last part's message can be delivered twice at once (SQS
     * delivers at least once), and both deliveries hold the claim; so the sending is claimed too, by a conditional
     * write of {@code notifying.json}. That claim lapses after {@link #NOTIFY_LEASE} (longer than any invocation), so
     * that a delivery that died between the claim and the event is followed by one that sends it.
     */
    private Uni<Boolean> mayNotify(String batchId) {
        String key = keys.notifyingKey(batchId);
        return documents.createJson(key, claimedNow())
                .flatMap(created -> created
                        ? Uni.createFrom().item(true)
                        : documents.readJson(key).flatMap(held -> {
                            Instant at = held.map(node -> BatchStatusReader.instant(node.path("at"))).orElse(null);
                            if (at != null && at.plus(NOTIFY_LEASE).isAfter(Instant.now())) {
                                LOG.infof("batch %s: another delivery is sending its completion event", batchId);
                                return Uni.createFrom().item(false);
                            }
                            return documents.exists(keys.completedKey(batchId)).flatMap(sent -> sent
                                    ? Uni.createFrom().item(false)
                                    : documents.putJson(key, claimedNow()).replaceWith(true));
                        }));
    }

    /** The body of a notifying claim: when it was made. */
    private ObjectNode claimedNow() {
        return json.createObjectNode().put("at", Instant.now().toString());
    }

    private Uni<Void> merge(BatchStatus done, int parts) {
        String batchId = done.batchId();
        return Uni.createFrom().item(() -> open(done))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(merge -> Multi.createFrom().range(1, parts + 1)
                        .onItem().transformToUniAndConcatenate(i -> documents
                                .readJson(keys.reportKey(batchId, new BatchPart(i, parts)))
                                .map(found -> found.orElseThrow(() -> new IllegalStateException("batch " + batchId
                                        + ": part " + i + " is marked finished but has no manifest"))))
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .invoke(part -> added(merge, part))
                        .collect().last()
                        .invoke(ignored -> finished(merge))
                        .flatMap(ignored -> done.retryList() == null
                                ? Uni.createFrom().voidItem()
                                : documents.putFile(done.retryList().key(), merge.retryFile(),
                                        "application/x-ndjson"))
                        // Last, and only if absent: once the manifest is there, the batch is done.
                        .flatMap(ignored -> documents.createFile(done.manifest().key(), merge.manifestFile(),
                                "application/json"))
                        .replaceWithVoid()
                        .onTermination().invoke(() -> closed(merge)));
    }

    private ManifestMerge open(BatchStatus head) {
        try {
            return ManifestMerge.open(json, retryLines, workDirectory, head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void added(ManifestMerge merge, JsonNode part) {
        try {
            merge.add(part);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void finished(ManifestMerge merge) {
        try {
            merge.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closed(ManifestMerge merge) {
        try {
            merge.close();
        } catch (IOException e) {
            LOG.warnf("could not delete a merged manifest's work files: %s", e.getMessage());
        }
    }
}
