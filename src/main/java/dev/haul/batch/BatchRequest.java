package dev.haul.batch;

import java.util.List;

/** A validated batch: its id, the URLs in the caller's order, and its options. */
public record BatchRequest(String batchId, List<FetchItem> items, BatchOptions options) {

    public BatchRequest {
        items = List.copyOf(items);
    }
}
