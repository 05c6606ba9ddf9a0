package dev.haul.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.haul.model.BatchPart;

/**
 * Keeps the record of a queued batch as its parts run on many workers: the index when it is accepted, a marker when a
 * part starts, and when a part is final its manifest (written once: a redelivered part that finished before keeps the
 * first result) and a marker whose name carries its totals. The part that finds every part finished hands the batch
 * to {@link BatchCompletion}; S3's conditional writes decide, among parts finishing at the same time, which one.
 */
@ApplicationScoped
public class BatchLedger {

    private static final Logger LOG = Logger.getLogger(BatchLedger.class);

    private final Documents documents;
    private final ManifestKeys keys;
    private final BatchCompletion completion;

    BatchLedger(Documents documents, ManifestKeys keys, BatchCompletion completion) {
        this.documents = documents;
        this.keys = keys;
        this.completion = completion;
    }

    /**
     * Records the batch's index, unless its id is taken: {@code false} when another batch (one run in place, or one
     * queued from something else) has it. The same submission arriving again (a redelivered event, a split resumed)
     * is accepted again, as is the worker's split of a list the API handed over (whose index had no parts yet).
     */
    public Uni<Boolean> accepted(ManifestIndex index) {
        String key = keys.indexKey(index.batchId());
        // A manifest under the id: a batch that ran in place, or this id's queued batch that has already finished.
        return documents.exists(keys.manifestKey(index.batchId())).flatMap(finished -> finished
                ? Uni.createFrom().item(false)
                : documents.createJson(key, index).flatMap(created -> created
                        ? Uni.createFrom().item(true)
                        : documents.readJson(key).flatMap(existing -> existing.isPresent()
                                && sameSubmission(existing.get(), index)
                                        ? documents.putJson(key, index).replaceWith(true)
                                        : Uni.createFrom().item(false))));
    }

    private static boolean sameSubmission(JsonNode existing, ManifestIndex index) {
        int parts = existing.path("parts").asInt();
        return index.source().equals(existing.path("source").asText()) && (parts == 0 || parts == index.parts());
    }

    /** Whether {@code batchId} is a queued batch's, so that no batch run in place may write under it. */
    public Uni<Boolean> isQueued(String batchId) {
        return documents.exists(keys.indexKey(batchId));
    }

    public Uni<Void> started(String batchId, BatchPart part) {
        return documents.putMarker(keys.startedKey(batchId, part));
    }

    /** Whether this part already wrote its final manifest (on an earlier delivery of its message). */
    public Uni<Boolean> hasFinished(String batchId, BatchPart part) {
        return documents.exists(keys.reportKey(batchId, part));
    }

    /**
     * Records the part's final report, unless an earlier delivery of the same part recorded one first (which then
     * stands), and finishes the batch when it was the last part.
     */
    public Uni<Void> finished(BatchReport report) {
        String key = keys.reportKey(report.batchId(), report.part());
        return documents.createJson(key, report)
                .flatMap(created -> created
                        ? Uni.createFrom().item(BatchTotals.of(report))
                        : documents.readJson(key).map(earlier -> earlier.map(BatchTotals::of)
                                .orElseThrow(() -> new IllegalStateException("batch " + report.batchId()
                                        + ": S3 refused to create " + key + " as taken, yet it cannot be read"))))
                .flatMap(totals -> documents.putMarker(keys.finishedKey(report.batchId(), report.part(), totals)))
                .flatMap(ignored -> completeIfLast(report.batchId(), report.part()));
    }

    /** For a part whose manifest an earlier delivery wrote: its marker again (the delivery may have died before). */
    public Uni<Void> finishedEarlier(String batchId, BatchPart part) {
        String key = keys.reportKey(batchId, part);
        return documents.readJson(key)
                .flatMap(report -> report.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : documents.putMarker(keys.finishedKey(batchId, part, BatchTotals.of(report.get()))))
                .flatMap(ignored -> completeIfLast(batchId, part));
    }

    /** The finished parts so far, by index; a part recorded twice (a redelivery) counts once. */
    Uni<Map<Integer, BatchTotals>> finishedParts(String batchId) {
        String prefix = keys.finishedPrefix(batchId);
        return documents.list(prefix)
                .map(key -> FinishedMarker.parse(key.substring(prefix.length())))
                .filter(marker -> marker != null)
                .collect().in(TreeMap<Integer, BatchTotals>::new,
                        (parts, marker) -> parts.putIfAbsent(marker.index(), marker.totals()))
                .map(parts -> (Map<Integer, BatchTotals>) parts);
    }

    Uni<Long> startedParts(String batchId) {
        return documents.list(keys.startedPrefix(batchId)).collect().with(Collectors.counting());
    }

    private Uni<Void> completeIfLast(String batchId, BatchPart part) {
        return finishedParts(batchId).flatMap(parts -> {
            if (parts.size() < part.count()) {
                return Uni.createFrom().voidItem();
            }
            BatchTotals totals = parts.values().stream().reduce(BatchTotals.NONE, BatchTotals::plus);
            LOG.infof("batch %s: part %d of %d was the last to finish", batchId, part.index(), part.count());
            return completion.complete(batchId, part, totals);
        });
    }

    /** The name of a finished-part marker: {@code 00003-of-00010.<totals>}. */
    record FinishedMarker(int index, BatchTotals totals) {
        private static final Pattern NAME = Pattern.compile("(\\d{5,9})-of-(\\d{5,9})\\.(.+)");

        /** The marker the name stands for; {@code null} for a name Haul did not write. */
        static FinishedMarker parse(String name) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                return null;
            }
            return BatchTotals.decoded(m.group(3))
                    .map(totals -> new FinishedMarker(Integer.parseInt(m.group(1)), totals))
                    .orElse(null);
        }
    }
}
