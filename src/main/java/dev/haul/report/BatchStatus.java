package dev.haul.report;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code GET /batches/{batchId}} answers, and the detail of the "Haul Batch Completed" event: the batch's state
 * ({@code queued}, {@code running}, {@code done}), its totals so far, and where its results are. {@code parts} is
 * set for a batch that went over the queue; {@code retryList} once a finished batch had failed items.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchStatus(String batchId, State state, String parent, Instant acceptedAt, Instant finishedAt,
        Long items, Parts parts, BatchTotals counts, BatchReport.Location manifest, BatchReport.Location retryList) {

    public enum State {
        QUEUED, RUNNING, DONE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How many of the batch's queue messages a worker has begun and finished. */
    @RegisterForReflection
    public record Parts(int total, long started, int finished) {}
}
