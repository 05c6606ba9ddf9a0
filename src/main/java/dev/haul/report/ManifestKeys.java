package dev.haul.report;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;

/**
 * Where a batch's records live in the bucket, under the manifest prefix: {@code {batchId}.json}, its manifest (the
 * report of a batch run in place, or the merged manifest of a queued one, written once when it finishes), and for a
 * queued batch the folder {@code {batchId}/} with what tells how far it got:
 * <ul>
 * <li>{@code batch.json}: the index written when it was accepted (parts, items, options, parent);
 * <li>{@code started/NNNNN}: one empty marker per part a worker has begun;
 * <li>{@code finished/NNNNN-of-NNNNN.<totals>}: one empty marker per finished part, its totals in the name;
 * <li>{@code part-NNNNN-of-NNNNN.json}: each part's manifest, written once;
 * <li>{@code retry.jsonl}: the items that failed, as a list that can be submitted again;
 * <li>{@code completing.json}: which part finishes the batch; {@code notifying.json}: which delivery sends its event;
 * <li>{@code completed.json}: the final status, written after the completion event was sent.
 * </ul>
 */
@ApplicationScoped
public class ManifestKeys {

    private final String prefix;

    public ManifestKeys(HaulConfig config) {
        String configured = config.store().manifestPrefix().replaceAll("/+$", "");
        this.prefix = configured.isEmpty() ? "" : configured + "/";
    }

    public String reportKey(String batchId, BatchPart part) {
        if (part.isWhole()) {
            return manifestKey(batchId);
        }
        return folder(batchId) + "part-%05d-of-%05d.json".formatted(part.index(), part.count());
    }

    public String manifestKey(String batchId) {
        return prefix + batchId + ".json";
    }

    public String indexKey(String batchId) {
        return folder(batchId) + "batch.json";
    }

    public String startedPrefix(String batchId) {
        return folder(batchId) + "started/";
    }

    public String startedKey(String batchId, BatchPart part) {
        return startedPrefix(batchId) + "%05d".formatted(part.index());
    }

    public String finishedPrefix(String batchId) {
        return folder(batchId) + "finished/";
    }

    public String finishedKey(String batchId, BatchPart part, BatchTotals totals) {
        return finishedPrefix(batchId) + "%05d-of-%05d.%s".formatted(part.index(), part.count(), totals.encoded());
    }

    public String retryKey(String batchId) {
        return folder(batchId) + "retry.jsonl";
    }

    /** Held by the part that finishes the batch (see {@code BatchCompletion}). */
    public String claimKey(String batchId) {
        return folder(batchId) + "completing.json";
    }

    /** Held by the delivery that sends the completion event (see {@code BatchCompletion}). */
    public String notifyingKey(String batchId) {
        return folder(batchId) + "notifying.json";
    }

    public String completedKey(String batchId) {
        return folder(batchId) + "completed.json";
    }

    private String folder(String batchId) {
        return prefix + batchId + "/";
    }
}
