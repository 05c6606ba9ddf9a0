package dev.haul.batch;

import java.util.List;

import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;

/**
 * A validated batch: its id, the URLs in the caller's order, its options, which part of a larger batch it is
 * ({@link BatchPart#WHOLE} unless the API split it across several queue messages), and the lines of the list it was
 * read from that are not items (reported with it; none for a batch that did not come from a list).
 */
public record BatchRequest(String batchId, List<FetchItem> items, BatchOptions options, BatchPart part,
        List<RejectedLine> rejectedLines) {

    public BatchRequest {
        items = List.copyOf(items);
        rejectedLines = List.copyOf(rejectedLines);
    }

    public BatchRequest(String batchId, List<FetchItem> items, BatchOptions options, BatchPart part) {
        this(batchId, items, options, part, List.of());
    }

    public BatchRequest(String batchId, List<FetchItem> items, BatchOptions options) {
        this(batchId, items, options, BatchPart.WHOLE);
    }
}
