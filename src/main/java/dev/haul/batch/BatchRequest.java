package dev.haul.batch;

import java.util.List;

import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;

/**
 * A validated batch: its id, the URLs in the caller's order, its options, and which part of a larger batch it is
 * ({@link BatchPart#WHOLE} unless the API split it across several queue messages).
 */
public record BatchRequest(String batchId, List<FetchItem> items, BatchOptions options, BatchPart part) {

    public BatchRequest {
        items = List.copyOf(items);
    }

    public BatchRequest(String batchId, List<FetchItem> items, BatchOptions options) {
        this(batchId, items, options, BatchPart.WHOLE);
    }
}
