package dev.haul.report;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.model.BatchPart;

/**
 * Answers "how far is this batch?" for {@code GET /batches/{batchId}} in a few small requests whatever the batch's
 * size: a batch run in place by its manifest; a queued batch by its final status once it is done, and until then by
 * listing its parts' started and finished markers, whose names carry each part's totals, so no part's manifest is
 * read. A thousand parts are one listing request per marker kind.
 */
@ApplicationScoped
public class BatchStatusReader {

    private final Documents documents;
    private final ManifestKeys keys;
    private final BatchLedger ledger;
    private final ObjectMapper json;

    BatchStatusReader(Documents documents, ManifestKeys keys, BatchLedger ledger, ObjectMapper json) {
        this.documents = documents;
        this.keys = keys;
        this.ledger = ledger;
        this.json = json;
    }

    public Uni<Optional<BatchStatus>> status(String batchId) {
        return documents.readJson(keys.indexKey(batchId)).flatMap(index -> index.isPresent()
                ? queued(batchId, index.get()).map(Optional::of)
                : documents.readJson(keys.manifestKey(batchId)).map(report -> report.map(r -> ranInPlace(batchId,
                        r))));
    }

    /** The options a queued batch was accepted with; none for a batch run in place. */
    public Uni<JsonNode> options(String batchId) {
        return documents.readJson(keys.indexKey(batchId))
                .map(index -> index.map(found -> found.path("options")).orElseGet(json::createObjectNode));
    }

    private Uni<BatchStatus> queued(String batchId, JsonNode index) {
        return documents.readJson(keys.completedKey(batchId)).flatMap(completed -> {
            if (completed.isPresent()) {
                return Uni.createFrom().item(read(completed.get()));
            }
            return ledger.finishedParts(batchId).flatMap(finished -> ledger.startedParts(batchId)
                    .map(started -> inProgress(batchId, index, finished, started)));
        });
    }

    private BatchStatus inProgress(String batchId, JsonNode index, Map<Integer, BatchTotals> finished, long started) {
        BatchTotals totals = finished.values().stream().reduce(BatchTotals.NONE, BatchTotals::plus);
        BatchStatus.State state = started == 0 && finished.isEmpty()
                ? BatchStatus.State.QUEUED
                : BatchStatus.State.RUNNING;
        return new BatchStatus(batchId, state, index.path("parent").textValue(),
                instant(index.path("acceptedAt")), null, index.path("items").asLong(),
                new BatchStatus.Parts(index.path("parts").asInt(), Math.max(started, finished.size()),
                        finished.size()),
                totals, new BatchReport.Location(documents.bucket(), keys.manifestKey(batchId)), null);
    }

    private BatchStatus ranInPlace(String batchId, JsonNode report) {
        BatchTotals totals = BatchTotals.of(report);
        return new BatchStatus(batchId, BatchStatus.State.DONE, null, instant(report.path("startedAt")),
                instant(report.path("finishedAt")), totals.total(), null, totals,
                new BatchReport.Location(documents.bucket(), keys.reportKey(batchId, BatchPart.WHOLE)),
                totals.failed() > 0 ? new BatchReport.Location(documents.bucket(), keys.retryKey(batchId)) : null);
    }

    private BatchStatus read(JsonNode completed) {
        try {
            return json.treeToValue(completed, BatchStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an unreadable completed.json: " + e.getOriginalMessage(), e);
        }
    }

    /** An ISO-8601 instant written by Haul, or null where the field is missing. */
    static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()) : null;
    }
}
