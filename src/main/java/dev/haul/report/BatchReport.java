package dev.haul.report;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.haul.model.BatchPart;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.RejectedLine;

/**
 * What happened to every URL of one batch, in the order they were given (and for a retry, its {@code parent}), and which lines of the list it came from
 * were not items ({@code rejectedLines}, absent when there are none). Returned to the caller and written to S3 as the
 * batch's manifest.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchReport(
        String batchId,
        String parent,
        BatchPart part,
        Instant startedAt,
        Instant finishedAt,
        Counts counts,
        Location manifest,
        List<RejectedLine> rejectedLines,
        List<ItemResult> items) {

    /** How many items ended in each status. */
    @RegisterForReflection
    public record Counts(int total, int stored, int unchanged, int failed, int blocked) {
        public static Counts of(List<ItemResult> items) {
            return new Counts(items.size(), count(items, ItemStatus.STORED), count(items, ItemStatus.UNCHANGED),
                    count(items, ItemStatus.FAILED), count(items, ItemStatus.BLOCKED));
        }

        private static int count(List<ItemResult> items, ItemStatus status) {
            return (int) items.stream().filter(i -> i.status() == status).count();
        }
    }

    /** Where an object is in S3. */
    @RegisterForReflection
    public record Location(String bucket, String key) {}

    public static BatchReport of(String batchId, BatchPart part, Instant startedAt, Instant finishedAt,
            Location manifest, List<ItemResult> items) {
        return of(batchId, part, startedAt, finishedAt, manifest, List.of(), items);
    }

    public static BatchReport of(String batchId, BatchPart part, Instant startedAt, Instant finishedAt,
            Location manifest, List<RejectedLine> rejectedLines, List<ItemResult> items) {
        return new BatchReport(batchId, null, part == null || part.isWhole() ? null : part, startedAt, finishedAt,
                Counts.of(items), manifest, rejectedLines.isEmpty() ? null : List.copyOf(rejectedLines),
                List.copyOf(items));
    }

    /** The report of a retry: {@code parent} is the batch whose failed items it ran. */
    public BatchReport withParent(String parent) {
        return new BatchReport(batchId, parent, part, startedAt, finishedAt, counts, manifest, rejectedLines, items);
    }

    /** Every item stored (or unchanged), and no line of the list left out. */
    public boolean allStored() {
        return counts.stored() + counts.unchanged() == counts.total() && rejectedLines == null;
    }
}
