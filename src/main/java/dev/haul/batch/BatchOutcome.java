package dev.haul.batch;

import dev.haul.model.BatchPart;
import dev.haul.report.BatchReport;

/** What became of a submitted batch; each trigger turns it into its own kind of answer. */
public sealed interface BatchOutcome {

    /** The batch ran in this invocation; the report says what became of each item. */
    record Ran(BatchReport report) implements BatchOutcome {}

    /**
     * The batch was put on the queue as {@code messages} messages; its manifest will be at {@code manifest}.
     * {@code items} is -1 for a long list handed to a worker, which counts it.
     */
    record Queued(String batchId, int items, int messages, BatchReport.Location manifest) implements BatchOutcome {}

    /** The batch needs the queue (it is too large to run here), and no queue is configured. */
    record NeedsQueue(String batchId, int items) implements BatchOutcome {}

    /**
     * This part of a queued batch had already finished on an earlier delivery of its message: its result stands and
     * nothing ran again.
     */
    record FinishedBefore(String batchId, BatchPart part) implements BatchOutcome {}

    /** The batch cannot run as given; nothing was fetched. */
    record Refused(InvalidBatchException reason) implements BatchOutcome {}
}
