package dev.haul.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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

    public Uni<Void> accepted(ManifestIndex index) {
        return documents.putJson(keys.indexKey(index.batchId()), index);
    }

    public Uni<Void> started(String batchId, BatchPart part) {
        return documents.putMarker(keys.startedKey(batchId, part));
    }

    /** Whether this part already wrote its final manifest (on an earlier delivery of its message). */
    public Uni<Boolean> hasFinished(String batchId, BatchPart part) {
        return documents.exists(keys.reportKey(batchId, part));
    }

    /**
     * Records the part's final report. Returns the report that stands: this one, or the one an earlier delivery of
     * the same part wrote first.
     */
    public Uni<Void> finished(BatchReport report) {
        String key = keys.reportKey(report.batchId(), report.part());
        return documents.createJson(key, report)
                .flatMap(created -> created
                        ? Uni.createFrom().item(BatchTotals.of(report))
                        : documents.readJson(key).map(earlier -> earlier.map(BatchTotals::of)
                                .orElseGet(() -> BatchTotals.of(report))))
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
    record FinishedMarker(int index, int count, BatchTotals totals) {
        private static final Pattern NAME = Pattern.compile("(\\d{5,9})-of-(\\d{5,9})\\.(.+)");

        /** The marker the name stands for; {@code null} for a name Haul did not write. */
        static FinishedMarker parse(String name) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                return null;
            }
            return BatchTotals.decoded(m.group(3))
                    .map(totals -> new FinishedMarker(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            totals))
                    .orElse(null);
        }
    }
}
