package dev.haul.report;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.haul.model.BatchPart;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;

/**
 * What happened to every URL of one batch, in the order they were given. Returned to the caller and written to S3
 * as the batch's manifest.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchReport(
        String batchId,
        BatchPart part,
        Instant startedAt,
        Instant finishedAt,
        Counts counts,
        Location manifest,
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
        return new BatchReport(batchId, part == null || part.isWhole() ? null : part, startedAt, finishedAt,
                Counts.of(items), manifest, List.copyOf(items));
    }

    public boolean allStored() {
        return counts.stored() + counts.unchanged() == counts.total();
    }
}
